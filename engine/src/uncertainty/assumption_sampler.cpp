#include "carecast/uncertainty/assumption_sampler.h"

#include <Eigen/Cholesky>
#include <boost/random/normal_distribution.hpp>

namespace carecast {
namespace {

Eigen::MatrixXd as_matrix(const std::vector<double>& correlation, std::size_t size) {
  const auto n = static_cast<Eigen::Index>(size);
  Eigen::MatrixXd matrix(n, n);
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index j = 0; j < n; ++j) matrix(i, j) = correlation[static_cast<std::size_t>(i * n + j)];
  }
  return matrix;
}

}  // namespace

AssumptionSampler::AssumptionSampler(std::vector<Distribution> distributions, const std::vector<double>& correlation)
    : distributions_(std::move(distributions)) {
  const Eigen::LLT<Eigen::MatrixXd> factor(as_matrix(correlation, distributions_.size()));
  cholesky_lower_ = factor.matrixL();
}

bool AssumptionSampler::positive_definite(const std::vector<double>& correlation, std::size_t size) {
  const Eigen::LLT<Eigen::MatrixXd> factor(as_matrix(correlation, size));
  return factor.info() == Eigen::Success && factor.matrixL().toDenseMatrix().diagonal().minCoeff() > 1e-8;
}

std::vector<double> AssumptionSampler::draw(RandomEngine& stream) const {
  const auto n = static_cast<Eigen::Index>(distributions_.size());
  Eigen::VectorXd scores(n);
  boost::random::normal_distribution<double> standard_normal;
  for (Eigen::Index i = 0; i < n; ++i) scores(i) = standard_normal(stream);
  const Eigen::VectorXd correlated = cholesky_lower_.triangularView<Eigen::Lower>() * scores;
  std::vector<double> values(distributions_.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    values[i] = distributions_[i].from_normal_score(correlated(static_cast<Eigen::Index>(i)));
  }
  return values;
}

}  // namespace carecast
