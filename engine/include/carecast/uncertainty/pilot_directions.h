#pragma once
// The directed Sobol' design's pilot (docs/rng.md, "Sampling the
// assumptions"): the moves its runs make from the centre, and the
// directions, in the space of independent normal scores, that the runs'
// yearly spend says move it most.

#include <Eigen/Core>

#include <vector>

namespace carecast {

// One move per assumption (its own score: the first `assumptions` of
// `score_count`), then one per walk of need (the `walk_steps` scores that
// follow, all together, as a unit vector).
std::vector<Eigen::VectorXd> pilot_axes(Eigen::Index score_count, Eigen::Index assumptions, Eigen::Index walk_steps);

// The `kept` leading right singular vectors of the matrix of each year's
// relative change in spend per unit of each score, from the years' spend at
// the centre (`spend[0]`) and with `axes[k]` moved by `step` (`spend[k + 1]`).
Eigen::MatrixXd steepest_directions(const std::vector<Eigen::VectorXd>& axes, const std::vector<Eigen::VectorXd>& spend,
                                    double step, Eigen::Index kept);

}  // namespace carecast
