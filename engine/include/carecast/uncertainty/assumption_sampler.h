#pragma once
// Draws a replicate's values of the uncertain assumptions: standard normal
// scores correlated through the Cholesky factor of the stated correlation
// matrix (a Gaussian copula), each turned into its distribution's value by
// inversion. With no correlations the values are independent. The scores
// come from the replicate's own stream (`random`) or from a design shared by
// the run's replicates (`latin_hypercube`, `sobol`: sampling_method.h),
// which needs the run's seed and replicate count.

#include <Eigen/Core>

#include <cstdint>
#include <vector>

#include "carecast/core/random.h"
#include "carecast/uncertainty/distribution.h"
#include "carecast/uncertainty/sampling_method.h"

namespace carecast {

struct SamplingDesign {
  SamplingMethod method = SamplingMethod::random;
  std::uint64_t seed = 0;
  std::int64_t replicates = 1;  // the run's, replicates 0 to replicates - 1
};

class AssumptionSampler {
 public:
  // `correlation` is row-major, distributions.size() squared, and must be
  // positive definite (see positive_definite).
  AssumptionSampler(std::vector<Distribution> distributions, const std::vector<double>& correlation,
                    const SamplingDesign& design = {}, std::size_t extra_normals = 0);

  static bool positive_definite(const std::vector<double>& correlation, std::size_t size);

  std::size_t size() const { return distributions_.size(); }
  // Replicate `replicate`'s values; `stream` is the replicate's own.
  std::vector<double> draw(std::uint64_t replicate, RandomEngine& stream) const;
  // Independent values from `stream` alone (the `random` method).
  std::vector<double> draw(RandomEngine& stream) const;
  // Replicate `replicate`'s independent standard normal scores: one for
  // each assumption, then `extra_normals` more for the caller's own use.
  Eigen::VectorXd scores(std::uint64_t replicate, RandomEngine& stream) const;
  std::size_t score_count() const { return distributions_.size() + extra_normals_; }
  // The assumptions' values at independent scores (the first size() used).
  std::vector<double> values_of(const Eigen::VectorXd& independent_scores) const;
  // Turns a Sobol' design so that its first coordinates, the most evenly
  // spread (the first has exactly one of N = 2^m replicates in each of N
  // equally likely strata), span the columns of `directions` (score_count()
  // rows) in the space of independent scores, the first column the first;
  // directions of zeros, or not finite, leave it as it is.
  void set_directions(const Eigen::MatrixXd& directions);

 private:
  // The design's uniform of each score for one replicate, in (0, 1).
  std::vector<double> latin_hypercube_point(std::uint64_t replicate, RandomEngine& stream) const;
  std::vector<double> sobol_point(std::uint64_t replicate) const;
  // Independent standard normal scores from `stream` alone.
  Eigen::VectorXd independent_scores(RandomEngine& stream) const;

  std::vector<Distribution> distributions_;
  std::size_t extra_normals_ = 0;
  Eigen::MatrixXd turn_;  // empty, or the orthogonal matrix the design's scores are turned by
  Eigen::MatrixXd cholesky_lower_;
  SamplingDesign design_;
  // Per score: the key of its Latin hypercube permutation, or the
  // digital shift of its Sobol' coordinate.
  std::vector<std::uint64_t> design_keys_;
};

// A bijection of 0..count-1 chosen by `key` (Kensler, "Correlated
// multi-jittered sampling", Pixar Technical Memo 13-01, 2013): the Latin
// hypercube's order of strata for one assumption, computed for one
// replicate at a time so that no run holds a permutation of its replicates.
std::uint32_t permuted_index(std::uint32_t index, std::uint32_t count, std::uint32_t key);

}  // namespace carecast
