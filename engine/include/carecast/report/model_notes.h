#pragma once
// What the run file keeps of the model's notes for readers (/model, format
// 1.5; model/model_notes.h): the documents the citations name, with their
// titles, and what the model leaves out. Older files have neither.

#include <string>
#include <vector>

#include "carecast/model/model_notes.h"
#include "carecast/report/run_reader.h"

namespace carecast::report {

std::vector<SourceDocument> read_source_documents(const RunReader& run);
std::vector<ModelOmission> read_not_covered(const RunReader& run);

// `text` with each document's file name written as its title and key:
// "003_2f31bcd0cc11b4b0.txt line 298" -> "Budget report 2024/25 [003], line 298".
std::string with_document_titles(const std::string& text, const std::vector<SourceDocument>& documents);

}  // namespace carecast::report
