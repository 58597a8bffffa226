#pragma once
// Writes a run to one self-describing HDF5 file; the layout is specified in
// docs/output-format.md. Dimension scales sit in the root group, named after
// their dimensions; each quantity appears under /replicates with a leading
// `replicate` dimension and under /summary with a leading `statistic`.
//
// Replicates are streamed: each is appended as it finishes, in replicate
// order, and written a chunk of replicates at a time, so memory does not
// grow with the replicate count. The summaries, which need every replicate
// of a cell for exact percentiles, are computed at the end by reading the
// replicate datasets back in blocks of cells.

#include <cstdint>
#include <filesystem>
#include <future>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "carecast/core/page_array.h"
#include "carecast/loading/scenario.h"
#include "carecast/output/hdf5_file.h"
#include "carecast/output/layout.h"

namespace carecast {

// Replicate datasets are chunked by this many replicates and compressed, so
// a reader can pull one replicate without reading them all; the writer
// stages one chunk's worth before writing it.
inline constexpr std::size_t replicate_chunk = 64;

// Memory for the blocks of cells summaries are computed from: two blocks of
// half of it each, one read back while the other is summarised; one pass
// over a quantity's replicate dataset per block.
inline constexpr std::size_t default_summary_block_bytes = std::size_t{128} << 20;

// Where the summaries take every replicate's values from once the last one
// is appended. The file is the same either way.
enum class SummarySource {
  // Read back from the file a block of cells at a time: the writer's memory
  // does not grow with the replicates, but reading back (inflating) is one
  // thread's work after the last replicate.
  file,
  // The writer's own copy of every replicate, kept as they are appended:
  // nothing is read back, and the summaries are shared among threads; the
  // memory is every replicate's values.
  memory,
};

// The sensitivity ranking of the uncertain assumptions, as /analysis holds
// it (docs/output-format.md): computed elsewhere, written as given.
struct SensitivityArrays {
  std::vector<std::int64_t> years;  // the `sensitivity_year` dimension
  std::vector<std::string> scopes;  // the `spend_scope` dimension: budget lines, then total
  std::vector<double> coefficients;  // [year][scope][assumption]
  std::vector<double> variance_shares;  // [year][scope][assumption]
  std::vector<double> r_squared;  // [year][scope]
};

class RunFileWriter {
 public:
  // Creates the file with its attributes, dimensions, scenario table and
  // the empty replicate datasets of `replicates` replicates.
  // `mode` is the root attribute saying how the values were made:
  // `monte_carlo` replicates, or the `expected` trajectories as one.
  // `write_in_background`: each chunk is compressed and written on a thread
  // of its own while the next fills, where without it the thread appending
  // the chunk's last replicate writes it (a run of one thread stays one).
  RunFileWriter(const std::filesystem::path& path, const LoadedScenario& loaded, const OutputLayout& layout,
                std::int64_t replicates, std::size_t summary_block_bytes = default_summary_block_bytes,
                const std::string& mode = "monte_carlo", SummarySource source = SummarySource::file,
                bool write_in_background = false);

  // The next replicate (0, 1, ... in order). Its values must pass the
  // numeric health check (InternalError otherwise).
  void append(std::int64_t replicate, const ReplicateValues& values);

  // After the last replicate: the summaries and, when given, the
  // sensitivity ranking; closes the file. With `threads` above 1, read back
  // from the file, each block of cells is summarised on a second thread
  // while the next is read, where one thread does both in turn; kept in
  // memory, the blocks are shared among `threads` threads. The file is the
  // same whatever the count.
  void finish(const std::optional<SensitivityArrays>& sensitivity = std::nullopt, int threads = 1);

  // Memory the writer needs for `replicates` replicates, its summaries read
  // back from the file: two staged chunks (one written while the next
  // fills), two summary blocks (half the summary memory each: one read, one
  // summarised) and a column.
  static std::size_t memory_bytes(const OutputLayout& layout, std::int64_t replicates);
  // The same with the summaries taken from memory (SummarySource::memory):
  // every replicate's values, and each of `threads` threads' work on a block.
  static std::size_t held_memory_bytes(const OutputLayout& layout, std::int64_t replicates, int threads);

 private:
  // Cells of one quantity summarised together.
  struct CellBlock {
    std::size_t quantity;
    std::size_t first_cell;
    std::size_t width;
  };

  // Writes the staged replicates, on a thread of its own when writing in
  // the background, after the chunk before them is written.
  void write_staged_chunk();
  // Waits for the chunk being written; rethrows its failure.
  void wait_for_chunk_written();
  // Every quantity's cells in blocks that fit half the summary memory.
  std::vector<CellBlock> summary_blocks() const;
  // A block's values of every replicate, replicate-major, read back from the file.
  void read_block(const CellBlock& block, std::vector<double>& values);
  // Per quantity, room for its summary (statistic-major).
  std::vector<std::vector<double>> empty_summaries() const;
  // Summarises a block's cells of every replicate, from `values` (its first
  // cell of the first replicate, rows `row_stride` apart), into `summary`.
  void summarise_block(const CellBlock& block, const double* values, std::size_t row_stride,
                       std::vector<std::vector<double>>& summary) const;
  // Per quantity, its summary (statistic-major), read back from the file.
  std::vector<std::vector<double>> summaries_from_file(int threads);
  // The same from the replicates kept in memory.
  std::vector<std::vector<double>> summaries_from_memory(int threads) const;
  void describe(std::size_t quantity, hdf5::Dataset& dataset, const std::string& leading);
  void write_sensitivity(const SensitivityArrays& sensitivity);

  const LoadedScenario& loaded_;
  const OutputLayout& layout_;
  std::int64_t replicates_;
  std::size_t summary_block_bytes_;
  hdf5::File file_;
  std::map<std::string, hdf5::Dataset> scales_;
  std::vector<hdf5::Dataset> replicate_datasets_;  // per quantity
  SummarySource source_;
  bool write_in_background_;
  // Per quantity, the replicates of the current chunk, or with the
  // summaries from memory, of the whole run.
  std::vector<PageArray> staged_;
  std::vector<PageArray> writing_;  // read back from the file: the chunk being written
  std::future<void> chunk_written_;
  std::int64_t staged_first_ = 0;
  std::int64_t appended_ = 0;
};

// The current time as ISO 8601 UTC, e.g. 2026-11-23T09:30:00Z.
std::string utc_timestamp();

}  // namespace carecast
