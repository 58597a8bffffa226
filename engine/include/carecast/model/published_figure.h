#pragma once
// A figure the council published for a past year, carried from the model's
// targets file (`published: {file: targets.yaml}` in model.yaml) into the
// run file's /published group, so the outputs can show history beside the
// forecast with its source.

#include <string>

namespace carecast {

struct PublishedFigure {
  std::string name;
  std::string quantity;  // the run file quantity the query sums
  std::string query;     // QUANTITY{dimension: value, ...}, as in the targets file
  int year = 0;          // the one year the query names
  double value = 0.0;    // as printed
  std::string source;    // document and line
};

}  // namespace carecast
