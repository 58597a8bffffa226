#include "carecast/uncertainty/pilot_directions.h"

#include <Eigen/SVD>

#include <algorithm>
#include <cmath>

namespace carecast {

std::vector<Eigen::VectorXd> pilot_axes(Eigen::Index score_count, Eigen::Index assumptions, Eigen::Index walk_steps) {
  std::vector<Eigen::VectorXd> axes;
  for (Eigen::Index i = 0; i < assumptions; ++i) axes.push_back(Eigen::VectorXd::Unit(score_count, i));
  if (walk_steps > 0) {
    for (Eigen::Index first = assumptions; first < score_count; first += walk_steps) {
      Eigen::VectorXd walk = Eigen::VectorXd::Zero(score_count);
      walk.segment(first, walk_steps).setConstant(1.0 / std::sqrt(static_cast<double>(walk_steps)));
      axes.push_back(walk);
    }
  }
  return axes;
}

Eigen::MatrixXd steepest_directions(const std::vector<Eigen::VectorXd>& axes, const std::vector<Eigen::VectorXd>& spend,
                                    double step, Eigen::Index kept) {
  const Eigen::VectorXd& central = spend.front();
  const Eigen::Index years = central.size();
  const Eigen::Index scores = axes.empty() ? 0 : axes.front().size();
  Eigen::MatrixXd gradients = Eigen::MatrixXd::Zero(years, scores);
  for (std::size_t k = 0; k < axes.size(); ++k) {
    Eigen::VectorXd change = (spend[k + 1] - central) / step;
    for (Eigen::Index y = 0; y < years; ++y) change(y) = central(y) != 0.0 ? change(y) / std::abs(central(y)) : 0.0;
    gradients += change * axes[k].transpose();
  }
  const Eigen::JacobiSVD<Eigen::MatrixXd> svd(gradients, Eigen::ComputeThinV);
  return svd.matrixV().leftCols(std::min(kept, svd.matrixV().cols()));
}

}  // namespace carecast
