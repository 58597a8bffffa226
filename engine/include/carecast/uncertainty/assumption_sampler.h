#pragma once
// Draws a replicate's values of the uncertain assumptions: standard normal
// scores correlated through the Cholesky factor of the stated correlation
// matrix (a Gaussian copula), each turned into its distribution's value by
// inversion. With no correlations the values are independent.

#include <Eigen/Core>

#include <vector>

#include "carecast/core/random.h"
#include "carecast/uncertainty/distribution.h"

namespace carecast {

class AssumptionSampler {
 public:
  // `correlation` is row-major, distributions.size() squared, and must be
  // positive definite (see positive_definite).
  AssumptionSampler(std::vector<Distribution> distributions, const std::vector<double>& correlation);

  static bool positive_definite(const std::vector<double>& correlation, std::size_t size);

  std::size_t size() const { return distributions_.size(); }
  std::vector<double> draw(RandomEngine& stream) const;

 private:
  std::vector<Distribution> distributions_;
  Eigen::MatrixXd cholesky_lower_;
};

}  // namespace carecast
