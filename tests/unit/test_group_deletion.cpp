// What a fit misses on a kind of figure it has not seen (group_deletion.h):
// on a linear model, each group's predicted residuals are those of an exact
// refit without it; a parameter only the left-out group pins down goes back
// to its initial value; on figures generated with a discrepancy by group,
// the error it reports recovers discrepancy and noise together within four
// standard errors; too few groups give nothing.

#include <catch2/catch.hpp>

#include <Eigen/Dense>
#include <boost/random/normal_distribution.hpp>
#include <cmath>
#include <vector>

#include "carecast/calibration/group_deletion.h"
#include "carecast/calibration/least_squares.h"
#include "carecast/core/random.h"

using namespace carecast;

namespace {

// Residuals a + b x + c z - y, linear in (a, b, c), with bounds so wide the
// prior weighs nothing.
struct LinearFigures {
  std::vector<double> x, z, y;
  std::vector<int> group;

  LeastSquaresProblem problem() const {
    LeastSquaresProblem problem;
    problem.initial = {0.0, 0.0, 0.0};
    problem.lower = {-1e6, -1e6, -1e6};
    problem.upper = {1e6, 1e6, 1e6};
    problem.residuals = [this](const std::vector<double>& p) {
      std::vector<double> r;
      for (std::size_t i = 0; i < y.size(); ++i) r.push_back(p[0] + p[1] * x[i] + p[2] * z[i] - y[i]);
      return r;
    };
    return problem;
  }

  // Ordinary least squares over the figures outside `left_out`.
  Eigen::Vector3d fit_without(int left_out) const {
    std::vector<Eigen::RowVector3d> rows;
    std::vector<double> values;
    for (std::size_t i = 0; i < y.size(); ++i) {
      if (group[i] == left_out) continue;
      rows.emplace_back(1.0, x[i], z[i]);
      values.push_back(y[i]);
    }
    Eigen::MatrixXd design(static_cast<Eigen::Index>(rows.size()), 3);
    Eigen::VectorXd observed(static_cast<Eigen::Index>(rows.size()));
    for (std::size_t k = 0; k < rows.size(); ++k) {
      design.row(static_cast<Eigen::Index>(k)) = rows[k];
      observed(static_cast<Eigen::Index>(k)) = values[k];
    }
    return design.colPivHouseholderQr().solve(observed);
  }
};

LinearFigures scattered_figures() {
  LinearFigures figures;
  for (int i = 0; i < 24; ++i) {
    figures.x.push_back(0.3 * i);
    figures.z.push_back(std::sin(1.7 * i));
    figures.y.push_back(1.0 + 0.4 * figures.x.back() - 0.8 * figures.z.back() + 0.1 * std::cos(3.1 * i));
    figures.group.push_back(i % 4);
  }
  return figures;
}

}  // namespace

TEST_CASE("on a linear model each group's predicted residuals are those of an exact refit without it") {
  const LinearFigures figures = scattered_figures();
  const LeastSquaresProblem problem = figures.problem();
  const Eigen::Vector3d all = figures.fit_without(-1);
  const GroupDeletion deleted = leave_groups_out(problem, {all(0), all(1), all(2)}, figures.group);
  double sum_of_means = 0.0;
  for (int left_out = 0; left_out < 4; ++left_out) {
    const Eigen::Vector3d without = figures.fit_without(left_out);
    double squares = 0.0;
    int count = 0;
    for (std::size_t i = 0; i < figures.y.size(); ++i) {
      if (figures.group[i] != left_out) continue;
      const double expected = without(0) + without(1) * figures.x[i] + without(2) * figures.z[i] - figures.y[i];
      CHECK(deleted.predicted[i] == Approx(expected).margin(1e-6));
      squares += expected * expected;
      ++count;
    }
    CHECK(deleted.group_mean_square[static_cast<std::size_t>(left_out)] == Approx(squares / count).margin(1e-8));
    sum_of_means += squares / count;
  }
  CHECK(deleted.model_error == Approx(std::sqrt(sum_of_means / 4)).epsilon(1e-6));
}

TEST_CASE("a parameter only the left-out group pins down goes back to its initial value") {
  // Group 0 measures the first parameter, group 1 the second.
  const std::vector<double> observed = {2.0, 2.1, 1.9, 2.05, 5.0, 5.2, 4.8, 5.1};
  const std::vector<int> group = {0, 0, 0, 0, 1, 1, 1, 1};
  LeastSquaresProblem problem;
  problem.initial = {1.0, 3.0};
  problem.lower = {0.0, 0.0};
  problem.upper = {10.0, 10.0};
  problem.residuals = [&](const std::vector<double>& p) {
    std::vector<double> r;
    for (std::size_t i = 0; i < observed.size(); ++i) r.push_back(p[group[i]] - observed[i]);
    return r;
  };
  const LeastSquaresResult fit = minimise_squares(problem);
  const GroupDeletion deleted = leave_groups_out(problem, fit.solution, group);
  for (std::size_t i = 0; i < observed.size(); ++i) {
    CHECK(deleted.predicted[i] == Approx(problem.initial[static_cast<std::size_t>(group[i])] - observed[i]).margin(1e-6));
  }
}

TEST_CASE("with a discrepancy by group, the error reported is discrepancy and noise together") {
  // 400 groups of 3 figures: y = 1 + 0.5 x_group + discrepancy_group + noise,
  // the model a + b x. A figure of a group the fit has not seen misses by
  // its group's discrepancy and its own noise.
  const double discrepancy_sd = 0.2, noise_sd = 0.1;
  RandomEngine stream = make_stream(23, 0, StreamPurpose::need_drift);
  boost::random::normal_distribution<double> normal(0.0, 1.0);
  std::vector<double> x, y;
  std::vector<int> group;
  for (int g = 0; g < 400; ++g) {
    const double level = 0.01 * g;
    const double discrepancy = discrepancy_sd * normal(stream);
    for (int k = 0; k < 3; ++k) {
      x.push_back(level);
      y.push_back(1.0 + 0.5 * level + discrepancy + noise_sd * normal(stream));
      group.push_back(g);
    }
  }
  LeastSquaresProblem problem;
  problem.initial = {0.0, 0.0};
  problem.lower = {-100.0, -100.0};
  problem.upper = {100.0, 100.0};
  problem.residuals = [&](const std::vector<double>& p) {
    std::vector<double> r;
    for (std::size_t i = 0; i < y.size(); ++i) r.push_back(p[0] + p[1] * x[i] - y[i]);
    return r;
  };
  const LeastSquaresResult fit = minimise_squares(problem);
  const GroupDeletion deleted = leave_groups_out(problem, fit.solution, group);
  // The mean of 400 groups' mean squares: its standard error from their spread.
  double sum = 0.0, squares = 0.0;
  for (const double mean_square : deleted.group_mean_square) {
    sum += mean_square;
    squares += mean_square * mean_square;
  }
  const double n = static_cast<double>(deleted.group_mean_square.size());
  const double standard_error = std::sqrt((squares - sum * sum / n) / (n - 1) / n);
  const double expected = discrepancy_sd * discrepancy_sd + noise_sd * noise_sd;
  CHECK(std::abs(deleted.model_error * deleted.model_error - expected) < 4.0 * standard_error);
}

TEST_CASE("fewer than two groups, or too few figures left, give no model error") {
  const LinearFigures figures = scattered_figures();
  const LeastSquaresProblem problem = figures.problem();
  CHECK(std::isnan(leave_groups_out(problem, {1.0, 0.4, -0.8}, std::vector<int>(24, 0)).model_error));
  // Two groups, one of 22 figures: leaving it out leaves 2 for 3 parameters.
  std::vector<int> lopsided(24, 0);
  lopsided[0] = lopsided[1] = 1;
  CHECK(std::isnan(leave_groups_out(problem, {1.0, 0.4, -0.8}, lopsided).model_error));
}
