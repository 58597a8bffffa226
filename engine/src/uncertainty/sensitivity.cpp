#include "carecast/uncertainty/sensitivity.h"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace carecast {
namespace {

// Centres and scales to unit standard deviation; false when constant.
bool standardise(Eigen::Ref<Eigen::VectorXd> column) {
  column.array() -= column.mean();
  const double spread = column.norm();
  if (spread <= 1e-12 * static_cast<double>(column.size())) return false;
  column /= spread;
  return true;
}

}  // namespace

std::vector<double> average_ranks(const std::vector<double>& values) {
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  std::vector<double> ranks(values.size());
  for (std::size_t start = 0; start < order.size();) {
    std::size_t end = start + 1;
    while (end < order.size() && values[order[end]] == values[order[start]]) ++end;
    const double shared = 0.5 * static_cast<double>(start + 1 + end);
    for (std::size_t k = start; k < end; ++k) ranks[order[k]] = shared;
    start = end;
  }
  return ranks;
}

RankRegression rank_regression(const std::vector<double>& inputs, std::size_t columns, const std::vector<double>& output) {
  const std::size_t rows = output.size();
  RankRegression result;
  result.coefficients.assign(columns, 0.0);
  Eigen::VectorXd response = Eigen::Map<const Eigen::VectorXd>(average_ranks(output).data(), static_cast<Eigen::Index>(rows));
  if (!standardise(response)) return result;

  std::vector<std::size_t> varying;
  Eigen::MatrixXd design(static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(columns));
  for (std::size_t c = 0; c < columns; ++c) {
    std::vector<double> column(rows);
    for (std::size_t r = 0; r < rows; ++r) column[r] = inputs[r * columns + c];
    const std::vector<double> ranked = average_ranks(column);
    auto target = design.col(static_cast<Eigen::Index>(varying.size()));
    target = Eigen::Map<const Eigen::VectorXd>(ranked.data(), static_cast<Eigen::Index>(rows));
    if (standardise(target)) varying.push_back(c);
  }
  if (varying.empty()) return result;
  const auto used = design.leftCols(static_cast<Eigen::Index>(varying.size()));
  // Column-pivoting QR copes with inputs that move together.
  const Eigen::VectorXd fitted = used.colPivHouseholderQr().solve(response);
  for (std::size_t k = 0; k < varying.size(); ++k) result.coefficients[varying[k]] = fitted(static_cast<Eigen::Index>(k));
  const Eigen::VectorXd residual = response - used * fitted;
  result.r_squared = std::clamp(1.0 - residual.squaredNorm() / response.squaredNorm(), 0.0, 1.0);
  return result;
}

}  // namespace carecast
