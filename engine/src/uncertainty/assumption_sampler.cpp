#include "carecast/uncertainty/assumption_sampler.h"

#include <Eigen/Cholesky>
#include <Eigen/QR>
#include <boost/math/distributions/normal.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/sobol.hpp>

#include <stdexcept>

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

// A uniform in (0, 1) from the top 53 bits of a 64-bit word: never 0 or 1,
// so its normal quantile is finite.
double open_unit(std::uint64_t bits) { return (static_cast<double>(bits >> 11) + 0.5) * 0x1p-53; }

}  // namespace

std::uint32_t permuted_index(std::uint32_t index, std::uint32_t count, std::uint32_t key) {
  std::uint32_t mask = count - 1;
  mask |= mask >> 1;
  mask |= mask >> 2;
  mask |= mask >> 4;
  mask |= mask >> 8;
  mask |= mask >> 16;
  // Each step is invertible on the bits under `mask`, so the rounds permute
  // 0..mask; values of count or more walk on until they land below it.
  do {
    index ^= key;
    index *= 0xe170893dU;
    index ^= key >> 16;
    index ^= (index & mask) >> 4;
    index ^= key >> 8;
    index *= 0x0929eb3fU;
    index ^= key >> 23;
    index ^= (index & mask) >> 1;
    index *= 1U | key >> 27;
    index *= 0x6935fa69U;
    index ^= (index & mask) >> 11;
    index *= 0x74dcb303U;
    index ^= (index & mask) >> 2;
    index *= 0x9e501cc3U;
    index ^= (index & mask) >> 2;
    index *= 0xc860a3dfU;
    index &= mask;
    index ^= index >> 5;
  } while (index >= count);
  return static_cast<std::uint32_t>((static_cast<std::uint64_t>(index) + key) % count);
}

AssumptionSampler::AssumptionSampler(std::vector<Distribution> distributions, const std::vector<double>& correlation,
                                     const SamplingDesign& design, std::size_t extra_normals)
    : distributions_(std::move(distributions)), extra_normals_(extra_normals), design_(design) {
  const Eigen::LLT<Eigen::MatrixXd> factor(as_matrix(correlation, distributions_.size()));
  cholesky_lower_ = factor.matrixL();
  if (design_.method == SamplingMethod::random) return;
  if (design_.replicates < 1 || design_.replicates > std::int64_t{1} << 31) {
    throw std::invalid_argument("a sampling design needs between 1 and 2^31 replicates");
  }
  // One stream for the whole run's design, so every replicate, on any
  // thread or process, sees the same strata and shifts.
  RandomEngine design_stream = make_stream(design_.seed, 0, StreamPurpose::assumption_design);
  for (std::size_t i = 0; i < score_count(); ++i) design_keys_.push_back(design_stream());
}

bool AssumptionSampler::positive_definite(const std::vector<double>& correlation, std::size_t size) {
  const Eigen::LLT<Eigen::MatrixXd> factor(as_matrix(correlation, size));
  return factor.info() == Eigen::Success && factor.matrixL().toDenseMatrix().diagonal().minCoeff() > 1e-8;
}

std::vector<double> AssumptionSampler::draw(RandomEngine& stream) const { return values_of(independent_scores(stream)); }

Eigen::VectorXd AssumptionSampler::independent_scores(RandomEngine& stream) const {
  const auto n = static_cast<Eigen::Index>(score_count());
  Eigen::VectorXd scores(n);
  boost::random::normal_distribution<double> standard_normal;
  for (Eigen::Index i = 0; i < n; ++i) scores(i) = standard_normal(stream);
  return scores;
}

std::vector<double> AssumptionSampler::draw(std::uint64_t replicate, RandomEngine& stream) const {
  return values_of(scores(replicate, stream));
}

void AssumptionSampler::set_directions(const Eigen::MatrixXd& directions) {
  if (directions.rows() != static_cast<Eigen::Index>(score_count()) || directions.cols() > directions.rows()) {
    throw std::invalid_argument("a design's directions need one entry for each score, and no more directions than scores");
  }
  turn_.resize(0, 0);
  if (directions.cols() == 0 || directions.norm() == 0.0 || !directions.allFinite()) return;
  // An orthogonal matrix whose first columns span the directions, in their
  // order; being orthogonal, it leaves standard normal scores standard
  // normal, so every replicate's draw keeps its law.
  turn_ = Eigen::HouseholderQR<Eigen::MatrixXd>(directions).householderQ();
}

Eigen::VectorXd AssumptionSampler::scores(std::uint64_t replicate, RandomEngine& stream) const {
  if (design_.method == SamplingMethod::random) return independent_scores(stream);
  if (replicate >= static_cast<std::uint64_t>(design_.replicates)) {
    throw std::logic_error("a replicate beyond the sampling design's count");
  }
  const std::vector<double> uniforms = design_.method == SamplingMethod::latin_hypercube
                                           ? latin_hypercube_point(replicate, stream)
                                           : sobol_point(replicate);
  const boost::math::normal standard_normal;
  Eigen::VectorXd scores(static_cast<Eigen::Index>(uniforms.size()));
  for (std::size_t i = 0; i < uniforms.size(); ++i) {
    scores(static_cast<Eigen::Index>(i)) = boost::math::quantile(standard_normal, uniforms[i]);
  }
  if (turn_.size() > 0) return turn_ * scores;
  return scores;
}

std::vector<double> AssumptionSampler::latin_hypercube_point(std::uint64_t replicate, RandomEngine& stream) const {
  const auto count = static_cast<std::uint32_t>(design_.replicates);
  std::vector<double> uniforms;
  for (const std::uint64_t key : design_keys_) {
    const std::uint32_t stratum = permuted_index(static_cast<std::uint32_t>(replicate), count, static_cast<std::uint32_t>(key));
    uniforms.push_back((static_cast<double>(stratum) + open_unit(stream())) / static_cast<double>(count));
  }
  return uniforms;
}

std::vector<double> AssumptionSampler::sobol_point(std::uint64_t replicate) const {
  // Boost's sequence starts at its second point (the first is the origin):
  // replicate 0 takes the origin, so that replicates 0..2^m-1 are a whole
  // net and each coordinate has one point in each of 2^m strata.
  boost::random::sobol sequence(score_count());
  if (replicate > 0) sequence.seed(replicate - 1);
  std::vector<double> uniforms;
  for (const std::uint64_t shift : design_keys_) uniforms.push_back(open_unit((replicate > 0 ? sequence() : 0) ^ shift));
  return uniforms;
}

std::vector<double> AssumptionSampler::values_of(const Eigen::VectorXd& independent_scores) const {
  const Eigen::VectorXd correlated =
      cholesky_lower_.triangularView<Eigen::Lower>() * independent_scores.head(static_cast<Eigen::Index>(distributions_.size()));
  std::vector<double> values(distributions_.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    values[i] = distributions_[i].from_normal_score(correlated(static_cast<Eigen::Index>(i)));
  }
  return values;
}

}  // namespace carecast
