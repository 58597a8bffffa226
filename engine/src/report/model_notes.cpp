#include "carecast/report/model_notes.h"

#include "carecast/core/error.h"

namespace carecast::report {
namespace {

// The columns of a /model table, all one length or an InputError.
std::vector<std::vector<std::string>> read_columns(const RunReader& run, const std::vector<std::string>& names) {
  std::vector<std::vector<std::string>> columns;
  for (const std::string& name : names) {
    const std::string path = "/model/" + name;
    if (!run.exists(path)) return {};
    columns.push_back(run.strings(path));
    if (columns.back().size() != columns.front().size()) {
      throw InputError(run.info().path.string() + ": /model: its columns differ in length");
    }
  }
  return columns;
}

}  // namespace

std::vector<SourceDocument> read_source_documents(const RunReader& run) {
  std::vector<SourceDocument> documents;
  if (!run.exists("/source_document")) return documents;
  const auto columns = read_columns(run, {"source_file", "source_title", "source_citation"});
  if (columns.empty()) return documents;
  const std::vector<std::string> keys = run.dimension("source_document").labels;
  if (keys.size() != columns[0].size())
    throw InputError(run.info().path.string() + ": /model: its columns differ in length");
  for (std::size_t k = 0; k < keys.size(); ++k)
    documents.push_back({keys[k], columns[0][k], columns[1][k], columns[2][k]});
  return documents;
}

std::vector<ModelOmission> read_not_covered(const RunReader& run) {
  std::vector<ModelOmission> omissions;
  const auto columns = read_columns(run, {"not_covered", "not_covered_reason"});
  for (std::size_t k = 0; !columns.empty() && k < columns[0].size(); ++k)
    omissions.push_back({columns[0][k], columns[1][k]});
  return omissions;
}

std::string with_document_titles(const std::string& text, const std::vector<SourceDocument>& documents) {
  std::string written = text;
  for (const SourceDocument& document : documents) {
    const std::string named = document.title + " [" + document.key + "]";
    for (std::size_t at = written.find(document.file); at != std::string::npos;
         at = written.find(document.file, at + named.size())) {
      const std::size_t end = at + document.file.size();
      // "FILE line 298" reads "TITLE [KEY], line 298".
      const bool line_follows = written.compare(end, 5, " line") == 0;
      written.replace(at, document.file.size(), line_follows ? named + "," : named);
    }
  }
  return written;
}

}  // namespace carecast::report
