#include "carecast/output/run_file.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <functional>
#include <future>
#include <map>
#include <tuple>

#include "carecast/core/error.h"
#include "carecast/core/version.h"
#include "carecast/loading/backtest_record_loader.h"
#include "carecast/money/budget_path.h"
#include "carecast/output/hdf5_file.h"
#include "carecast/output/quantities.h"
#include "carecast/output/statistics.h"

namespace carecast {
namespace {

// A dimension's numbers or labels at `path`, described.
hdf5::Dataset write_coordinate(hdf5::File& file, const std::string& path, const Dimension& dimension) {
  hdf5::Dataset coordinate = dimension.numeric() ? file.write(path, dimension.numbers) : file.write(path, dimension.labels);
  coordinate.set_attribute("long_name", dimension.description);
  return coordinate;
}

hdf5::Dataset write_scale(hdf5::File& file, const Dimension& dimension) {
  hdf5::Dataset scale = write_coordinate(file, "/" + dimension.name, dimension);
  scale.make_scale(dimension.name);
  return scale;
}

// Every figure of the scenario with its justification, so a reader can
// trace each number to its source without the YAML.
void write_scenario_table(hdf5::File& file, const LoadedScenario& loaded) {
  std::vector<ModelCitation> citations;
  if (loaded.inputs.money) citations = loaded.inputs.money->citations;
  citations.insert(citations.end(), loaded.inputs.policy_citations.begin(), loaded.inputs.policy_citations.end());
  citations.insert(citations.end(), loaded.correlation_citations.begin(), loaded.correlation_citations.end());
  if (citations.empty()) return;
  Dimension entry{"scenario_entry", "a figure of the scenario", {}, {}};
  std::vector<std::string> key, value, basis, source, location;
  for (const auto& citation : citations) {
    entry.numbers.push_back(static_cast<std::int64_t>(key.size()));
    key.push_back(citation.what);
    value.push_back(citation.value);
    basis.push_back(citation.basis);
    source.push_back(citation.text);
    location.push_back(citation.where.line > 0 ? citation.where.file + ":" + std::to_string(citation.where.line) : "");
  }
  hdf5::Dataset scale = write_scale(file, entry);
  file.create_group("/scenario");
  for (const auto& [name, column, meaning] :
       {std::tuple{"key", &key, "key path of the figure in the scenario"},
        std::tuple{"value", &value, "the figure as written, or the distribution it is drawn from"},
        std::tuple{"basis", &basis, "source (a document and line), derived (arithmetic on sources) or assumption (reasoning)"},
        std::tuple{"source", &source, "the citation, derivation or reasoning given for it"},
        std::tuple{"location", &location, "file and line where the scenario gives it"}}) {
    hdf5::Dataset dataset = file.write(std::string("/scenario/") + name, *column);
    dataset.set_attribute("long_name", std::string(meaning));
    dataset.attach_scale(scale, 0);
  }
}

// What the model says of itself for readers (model/model_notes.h): the
// documents its citations name, with their titles, and what it leaves out.
void write_model_notes(hdf5::File& file, const Model& model) {
  if (model.sources.empty() && model.not_covered.empty()) return;
  file.create_group("/model");
  const auto write_table = [&](const Dimension& rows, const std::vector<std::tuple<const char*, std::vector<std::string>, const char*>>& columns) {
    hdf5::Dataset scale = write_scale(file, rows);
    for (const auto& [name, column, meaning] : columns) {
      hdf5::Dataset dataset = file.write(std::string("/model/") + name, column);
      dataset.set_attribute("long_name", std::string(meaning));
      dataset.attach_scale(scale, 0);
    }
  };
  if (!model.sources.empty()) {
    Dimension documents{"source_document", "a document the model's and scenario's citations name, by its short key", {}, {}};
    std::vector<std::string> files, titles, citations;
    for (const SourceDocument& document : model.sources) {
      documents.labels.push_back(document.key);
      files.push_back(document.file);
      titles.push_back(document.title);
      citations.push_back(document.citation);
    }
    write_table(documents, {{"source_file", files, "the file name citations use"},
                            {"source_title", titles, "the document's title"},
                            {"source_citation", citations, "where the title comes from"}});
  }
  if (!model.not_covered.empty()) {
    Dimension entries{"not_covered_entry", "something forecasts made with the model leave out", {}, {}};
    std::vector<std::string> what, why;
    for (const ModelOmission& omission : model.not_covered) {
      entries.numbers.push_back(static_cast<std::int64_t>(what.size()));
      what.push_back(omission.what);
      why.push_back(omission.why);
    }
    write_table(entries, {{"not_covered", what, "what the model leaves out"},
                          {"not_covered_reason", why, "why, with its source or reasoning"}});
  }
}

// How the budget path and the base year's reconciliation were set, for
// the briefing to say so in words.
void write_money_attributes(hdf5::File& file, const MoneyAssumptions& money) {
  file.set_attribute("budget_path", std::string(budget_held_flat(money) ? budget_rule_id(BudgetRule::flat)
                                                                        : budget_rule_id(money.budget_rule)));
  if (const auto last = last_given_budget_year(money)) file.set_attribute("budget_path_after", static_cast<std::int64_t>(*last));
  if (money.unreconciled_mode != Unreconciled::none) {
    file.set_attribute("unreconciled_mode", std::string(money.unreconciled_mode == Unreconciled::carry ? "carry" : "report"));
  }
}

// The published figures of past years the model names, each with its query,
// year and source, for the outputs to set beside the forecast.
void write_published(hdf5::File& file, const std::vector<PublishedFigure>& published) {
  if (published.empty()) return;
  Dimension figure{"published_figure", "a figure the council published for a past year", {}, {}};
  std::vector<std::string> name, quantity, query, source;
  std::vector<std::int64_t> year;
  std::vector<double> value;
  for (const PublishedFigure& each : published) {
    figure.numbers.push_back(static_cast<std::int64_t>(name.size()));
    name.push_back(each.name);
    quantity.push_back(each.quantity);
    query.push_back(each.query);
    source.push_back(each.source);
    year.push_back(each.year);
    value.push_back(each.value);
  }
  hdf5::Dataset scale = write_scale(file, figure);
  file.create_group("/published");
  const auto described = [&](hdf5::Dataset dataset, const char* meaning) {
    dataset.set_attribute("long_name", std::string(meaning));
    dataset.attach_scale(scale, 0);
  };
  for (const auto& [key, column, meaning] :
       {std::tuple{"name", &name, "what the figure is"},
        std::tuple{"quantity", &quantity, "the run file quantity its query sums"},
        std::tuple{"query", &query, "QUANTITY{dimension: value, ...}: the cells of the quantity it matches, summed"},
        std::tuple{"source", &source, "the document and line it is printed at"}}) {
    described(file.write(std::string("/published/") + key, *column), meaning);
  }
  described(file.write("/published/year", year), "the financial year it is for, by the calendar year it starts in");
  described(file.write("/published/value", {value.size()}, value.data()), "the figure as printed");
}

}  // namespace

std::string utc_timestamp() {
  // SOURCE_DATE_EPOCH (reproducible-builds.org) pins the stamp, so two runs
  // can be compared byte for byte.
  std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  if (const char* pinned = std::getenv("SOURCE_DATE_EPOCH")) {
    char* end = nullptr;
    const long long seconds = std::strtoll(pinned, &end, 10);
    if (end != pinned && *end == '\0' && seconds >= 0) now = static_cast<std::time_t>(seconds);
  }
  std::tm parts{};
  gmtime_r(&now, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

RunFileWriter::RunFileWriter(const std::filesystem::path& path, const LoadedScenario& loaded, const OutputLayout& layout,
                             std::int64_t replicates, std::size_t summary_block_bytes, const std::string& mode,
                             SummarySource source, bool write_in_background)
    : loaded_(loaded),
      layout_(layout),
      replicates_(replicates),
      summary_block_bytes_(summary_block_bytes),
      file_(hdf5::File::create(path)),
      source_(source),
      write_in_background_(write_in_background) {
  file_.set_attribute("file_type", std::string(run_file_type));
  file_.set_attribute("format_version", std::vector<std::int64_t>{run_file_version[0], run_file_version[1]});
  file_.set_attribute("carecast_version", std::string(program_version));
  file_.set_attribute("git_revision", std::string(git_revision()));
  file_.set_attribute("created_utc", utc_timestamp());
  file_.set_attribute("title", loaded.scenario.title);
  file_.set_attribute("scenario_file", loaded.file);
  file_.set_attribute("scenario_yaml", loaded.resolved_yaml);
  file_.set_attribute("scenario_sha256", loaded.sha256);
  file_.set_attribute("model_name", loaded.model->name);
  file_.set_attribute("model_version", loaded.model->version);
  if (loaded.model->backtest) file_.set_attribute("backtest_record", backtest_record_text(*loaded.model->backtest));
  file_.set_attribute("seed", loaded.scenario.seed);
  file_.set_attribute("replicates", replicates);
  file_.set_attribute("mode", mode);
  file_.set_attribute("first_year", static_cast<std::int64_t>(loaded.scenario.start_year));
  file_.set_attribute("last_year", static_cast<std::int64_t>(loaded.scenario.end_year()));
  if (loaded.inputs.money) write_money_attributes(file_, *loaded.inputs.money);

  Dimension replicate{"replicate", "Monte Carlo replicate index", {}, {}};
  for (std::int64_t r = 0; r < replicates; ++r) replicate.numbers.push_back(r);
  Dimension statistic{"statistic", "summary across replicates: mean, then type-7 percentiles", {}, {}};
  for (auto label : statistic_labels) statistic.labels.emplace_back(label);

  scales_.emplace(replicate.name, write_scale(file_, replicate));
  scales_.emplace(statistic.name, write_scale(file_, statistic));
  for (const auto& dimension : layout.dimensions()) scales_.emplace(dimension.name, write_scale(file_, dimension));
  for (const auto& notes : layout.label_notes()) {
    hdf5::Dataset dataset = file_.write("/" + notes.name, notes.notes);
    dataset.set_attribute("long_name", notes.description);
    dataset.attach_scale(scales_.at(notes.dimension), 0);
  }
  write_scenario_table(file_, loaded);
  write_model_notes(file_, *loaded.model);
  write_published(file_, loaded.model->published);

  // Each group also holds its coordinate labels, attached to the root
  // scales: xarray opening one group (group="summary") then shows labelled
  // coordinates, not bare dimensions.
  for (const auto& [group, leading] : {std::pair{"/replicates", &replicate}, std::pair{"/summary", &statistic}}) {
    file_.create_group(group);
    std::vector<const Dimension*> used{leading};
    for (const auto& dimension : layout.dimensions()) used.push_back(&dimension);
    for (const Dimension* dimension : used) {
      hdf5::Dataset coordinate = write_coordinate(file_, std::string(group) + "/" + dimension->name, *dimension);
      coordinate.attach_scale(scales_.at(dimension->name), 0);
    }
  }
  const std::size_t chunk_rows = std::min<std::size_t>(replicate_chunk, static_cast<std::size_t>(replicates));
  const std::size_t staged_rows = source == SummarySource::memory ? static_cast<std::size_t>(replicates) : chunk_rows;
  for (std::size_t q = 0; q < layout.quantities().size(); ++q) {
    std::vector<std::size_t> shape{static_cast<std::size_t>(replicates)};
    const std::vector<std::size_t> cells = layout.shape(q);
    shape.insert(shape.end(), cells.begin(), cells.end());
    replicate_datasets_.push_back(file_.create_chunked("/replicates/" + layout.quantities()[q].name, shape, replicate_chunk));
    staged_.emplace_back(staged_rows * layout.size(q));
    // Read back from the file and written in the background, a chunk is
    // written from a buffer of its own while the next fills the other.
    if (source == SummarySource::file && write_in_background) writing_.emplace_back(staged_rows * layout.size(q));
  }
}

void RunFileWriter::append(std::int64_t replicate, const ReplicateValues& values) {
  if (replicate != appended_ || replicate >= replicates_) {
    throw InternalError("run file: replicate " + std::to_string(replicate) + " appended where " +
                        std::to_string(appended_) + " was due");
  }
  const auto row = static_cast<std::size_t>(source_ == SummarySource::memory ? replicate : replicate - staged_first_);
  for (std::size_t q = 0; q < staged_.size(); ++q) {
    const std::vector<double>& array = values.arrays[q];
    check_numeric_health(layout_, q, array.data(), 1, replicate);
    std::copy(array.begin(), array.end(), staged_[q].data() + row * array.size());
  }
  ++appended_;
  if (appended_ - staged_first_ == static_cast<std::int64_t>(replicate_chunk) || appended_ == replicates_) write_staged_chunk();
}

void RunFileWriter::write_staged_chunk() {
  const auto first = static_cast<std::size_t>(staged_first_);
  const auto rows = static_cast<std::size_t>(appended_ - staged_first_);
  wait_for_chunk_written();
  // Kept in memory, the chunk's rows stay where they are; read back from the
  // file and written in the background, its buffer is handed to the write
  // and the other one fills.
  const bool held = source_ == SummarySource::memory;
  const bool swap_buffers = !held && write_in_background_;
  if (swap_buffers) std::swap(staged_, writing_);
  const std::vector<PageArray>& from = swap_buffers ? writing_ : staged_;
  const std::size_t first_row = held ? first : 0;
  // Compressing a chunk takes long enough that, done by the thread handing
  // replicates on, the other workers would fill the reorder window and wait.
  // Only this write calls the HDF5 library until it is waited for.
  auto write = [this, &from, first, rows, first_row] {
    for (std::size_t q = 0; q < from.size(); ++q) {
      replicate_datasets_[q].write_rows(first, rows, from[q].data() + first_row * layout_.size(q));
    }
  };
  if (write_in_background_) {
    chunk_written_ = std::async(std::launch::async, write);
  } else {
    write();
  }
  staged_first_ = appended_;
}

void RunFileWriter::wait_for_chunk_written() {
  if (chunk_written_.valid()) chunk_written_.get();
}

std::vector<RunFileWriter::CellBlock> RunFileWriter::summary_blocks() const {
  const auto replicates = static_cast<std::size_t>(replicates_);
  // Two blocks are held at once, one read while the other is summarised.
  const std::size_t budget_cells = std::max<std::size_t>(1, summary_block_bytes_ / 2 / (replicates * sizeof(double)));
  std::vector<CellBlock> blocks;
  for (std::size_t q = 0; q < layout_.quantities().size(); ++q) {
    const std::size_t cells = layout_.size(q);
    for (std::size_t first = 0; first < cells; first += budget_cells) blocks.push_back({q, first, std::min(budget_cells, cells - first)});
  }
  return blocks;
}

void RunFileWriter::read_block(const CellBlock& block, std::vector<double>& values) {
  const auto replicates = static_cast<std::size_t>(replicates_);
  const std::size_t cells = layout_.size(block.quantity);
  values.resize(replicates * block.width);
  PageArray& rows = staged_[block.quantity];  // free once every replicate is written
  for (std::size_t first_row = 0; first_row < replicates; first_row += replicate_chunk) {
    const std::size_t count = std::min(replicate_chunk, replicates - first_row);
    replicate_datasets_[block.quantity].read_rows(first_row, count, rows.data());
    for (std::size_t r = 0; r < count; ++r) {
      const double* row = rows.data() + r * cells + block.first_cell;
      std::copy(row, row + block.width, values.begin() + static_cast<std::ptrdiff_t>((first_row + r) * block.width));
    }
  }
}

std::vector<std::vector<double>> RunFileWriter::empty_summaries() const {
  std::vector<std::vector<double>> summary(layout_.quantities().size());
  for (std::size_t q = 0; q < summary.size(); ++q) summary[q].resize(statistic_labels.size() * layout_.size(q));
  return summary;
}

void RunFileWriter::summarise_block(const CellBlock& block, const double* values, std::size_t row_stride,
                                    std::vector<std::vector<double>>& summary) const {
  const std::size_t cells = layout_.size(block.quantity);
  const std::vector<double> part = summarise(values, static_cast<std::size_t>(replicates_), block.width, row_stride);
  std::vector<double>& into = summary[block.quantity];
  for (std::size_t k = 0; k < statistic_labels.size(); ++k) {
    std::copy(part.begin() + static_cast<std::ptrdiff_t>(k * block.width),
              part.begin() + static_cast<std::ptrdiff_t>((k + 1) * block.width),
              into.begin() + static_cast<std::ptrdiff_t>(k * cells + block.first_cell));
  }
}

std::vector<std::vector<double>> RunFileWriter::summaries_from_file(int threads) {
  const auto replicates = static_cast<std::size_t>(replicates_);
  std::vector<std::vector<double>> summary = empty_summaries();
  const auto summarise_read = [&summary, this](const CellBlock& block, const std::vector<double>& values) {
    summarise_block(block, values.data(), block.width, summary);
  };
  // The file is read on this thread only (the HDF5 library is serial); each
  // block is summarised on a thread of its own while the next is read, into
  // the other buffer. Each cell's summary is its own, so the result does not
  // depend on which thread made it.
  const std::vector<CellBlock> blocks = summary_blocks();
  std::size_t widest = 0;
  for (const CellBlock& block : blocks) widest = std::max(widest, block.width);
  // Reserved at their largest once: a vector growing to fit a wider block
  // could take up to twice what it needs.
  std::array<std::vector<double>, 2> buffers;
  for (auto& buffer : buffers) buffer.reserve(replicates * widest);
  std::future<void> summarising;
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    std::vector<double>& values = buffers[i % 2];
    read_block(blocks[i], values);
    if (summarising.valid()) summarising.get();
    if (threads > 1) {
      summarising = std::async(std::launch::async, summarise_read, std::cref(blocks[i]), std::cref(values));
    } else {
      summarise_read(blocks[i], values);
    }
  }
  if (summarising.valid()) summarising.get();
  return summary;
}

std::vector<std::vector<double>> RunFileWriter::summaries_from_memory(int threads) const {
  std::vector<std::vector<double>> summary = empty_summaries();
  // Blocks are taken in turn by whichever thread is free; each writes only
  // its own cells' summaries, which do not depend on the thread.
  const std::vector<CellBlock> blocks = summary_blocks();
  std::atomic<std::size_t> next_block{0};
  const auto summarise_blocks = [&] {
    for (std::size_t i = next_block++; i < blocks.size(); i = next_block++) {
      const CellBlock& block = blocks[i];
      summarise_block(block, staged_[block.quantity].data() + block.first_cell, layout_.size(block.quantity), summary);
    }
  };
  std::vector<std::future<void>> helpers;
  for (int t = 1; t < threads; ++t) helpers.push_back(std::async(std::launch::async, summarise_blocks));
  summarise_blocks();
  for (auto& helper : helpers) helper.get();
  return summary;
}

void RunFileWriter::describe(std::size_t quantity, hdf5::Dataset& dataset, const std::string& leading) {
  const Quantity& spec = layout_.quantities()[quantity];
  dataset.set_attribute("units", spec.units);
  dataset.set_attribute("long_name", spec.description);
  dataset.attach_scale(scales_.at(leading), 0);
  for (std::size_t k = 0; k < spec.dimensions.size(); ++k) {
    dataset.attach_scale(scales_.at(spec.dimensions[k]), static_cast<unsigned>(k + 1));
  }
}

void RunFileWriter::finish(const std::optional<SensitivityArrays>& sensitivity, int threads) {
  if (appended_ != replicates_) {
    throw InternalError("run file: " + std::to_string(appended_) + " of " + std::to_string(replicates_) +
                        " replicates appended");
  }
  wait_for_chunk_written();
  const std::vector<std::vector<double>> summaries_by_quantity =
      source_ == SummarySource::memory ? summaries_from_memory(threads) : summaries_from_file(threads);
  for (std::size_t q = 0; q < layout_.quantities().size(); ++q) {
    describe(q, replicate_datasets_[q], "replicate");
    const std::vector<double>& summary = summaries_by_quantity[q];
    std::vector<std::size_t> summary_shape{statistic_labels.size()};
    const std::vector<std::size_t> shape = layout_.shape(q);
    summary_shape.insert(summary_shape.end(), shape.begin(), shape.end());
    hdf5::Dataset summarised = file_.write("/summary/" + layout_.quantities()[q].name, summary_shape, summary.data());
    describe(q, summarised, "statistic");
  }
  if (sensitivity) write_sensitivity(*sensitivity);
  file_.close();
}

namespace {

// The cells of the layout's largest quantity.
std::size_t largest_quantity(const OutputLayout& layout) {
  std::size_t largest = 0;
  for (std::size_t q = 0; q < layout.quantities().size(); ++q) largest = std::max(largest, layout.size(q));
  return largest;
}

}  // namespace

std::size_t RunFileWriter::memory_bytes(const OutputLayout& layout, std::int64_t replicates) {
  const auto count = static_cast<std::size_t>(replicates);
  const std::size_t largest = largest_quantity(layout);
  const std::size_t column = count * sizeof(double);
  const std::size_t block = std::max(column, std::min(default_summary_block_bytes / 2, column * largest));
  return 2 * replicate_chunk * layout.total_size() * sizeof(double) + 2 * block + column;
}

std::size_t RunFileWriter::held_memory_bytes(const OutputLayout& layout, std::int64_t replicates, int threads) {
  const auto count = static_cast<std::size_t>(replicates);
  const std::size_t largest = largest_quantity(layout);
  // Every replicate's values and the summaries; each thread's columns
  // gathered for summarising (eight cells of every replicate) and the
  // summary of the block it is on (at most a quantity).
  const std::size_t per_thread = (8 * count + statistic_labels.size() * largest) * sizeof(double);
  return (count + statistic_labels.size()) * layout.total_size() * sizeof(double) +
         static_cast<std::size_t>(std::max(1, threads)) * per_thread;
}

void RunFileWriter::write_sensitivity(const SensitivityArrays& sensitivity) {
  const Dimension& assumption = layout_.dimension("assumption");
  const Dimension year{"sensitivity_year", "financial year the sensitivity is measured in: the third and the final", {},
                       sensitivity.years};
  const Dimension scope{"spend_scope", "a budget line's net spending, or all of them (total)", sensitivity.scopes, {}};
  const std::size_t fits = year.size() * scope.size();
  const std::size_t cells = fits * assumption.size();
  if (sensitivity.coefficients.size() != cells || sensitivity.variance_shares.size() != cells ||
      sensitivity.r_squared.size() != fits) {
    throw InternalError("run file: the sensitivity ranking does not match its years, scopes and assumptions");
  }
  const hdf5::Dataset year_scale = write_scale(file_, year);
  const hdf5::Dataset scope_scale = write_scale(file_, scope);
  const std::vector<std::pair<const Dimension*, const hdf5::Dataset*>> axes{
      {&year, &year_scale}, {&scope, &scope_scale}, {&assumption, &scales_.at(assumption.name)}};
  file_.create_group("/analysis");
  for (const auto& [dimension, root] : axes) {
    hdf5::Dataset coordinate = write_coordinate(file_, "/analysis/" + dimension->name, *dimension);
    coordinate.attach_scale(*root, 0);
  }
  auto axis_named = [&](const std::string& name) {
    const auto found = std::find_if(axes.begin(), axes.end(), [&](const auto& axis) { return axis.first->name == name; });
    if (found == axes.end()) throw InternalError("run file: /analysis has no dimension " + name);
    return *found;
  };
  const std::string method =
      "standardised rank regression of net spending on the replicates' assumption values (docs/model.md, "
      "\"Sensitivity\")";
  for (const auto& [id, values] : {std::pair{QuantityId::rank_regression_coefficient, &sensitivity.coefficients},
                                   std::pair{QuantityId::variance_share, &sensitivity.variance_shares},
                                   std::pair{QuantityId::rank_regression_r2, &sensitivity.r_squared}}) {
    const Quantity& spec = quantity_entry(id).quantity;
    std::vector<std::size_t> shape;
    for (const std::string& name : spec.dimensions) shape.push_back(axis_named(name).first->size());
    hdf5::Dataset dataset = file_.write("/analysis/" + spec.name, shape, values->data());
    dataset.set_attribute("units", spec.units);
    dataset.set_attribute("long_name", spec.description);
    dataset.set_attribute("method", method);
    for (std::size_t k = 0; k < shape.size(); ++k) {
      dataset.attach_scale(*axis_named(spec.dimensions[k]).second, static_cast<unsigned>(k));
    }
  }
}

}  // namespace carecast
