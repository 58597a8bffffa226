#pragma once
// A synthetic England-sized model for the `national` benchmark, made from
// the Worcestershire model's rates: district i of the new model is a copy of
// Worcestershire's district i mod 6, its population, caseload and capacities
// scaled by one factor so that the adults of the base year add up to the
// requested number (45 million, England's adults, by default). Rates per
// person (requests, entry shares, moves, hours, the need index) are kept, so
// each copy behaves like its original at a larger size. Copies are
// neighbours of the copies of their original's neighbours with the same copy
// number, so each group of six is a Worcestershire of its own.
//
// Only the benchmark uses this; the engine knows nothing of it and reads the
// result as it reads any model.

#include <filesystem>

namespace carecast::bench {

struct NationalSpec {
  int districts = 150;
  double adults = 45e6;  // adults (18 and over) in the base year
};

struct NationalModel {
  std::filesystem::path models;  // the folder holding models/national
  std::filesystem::path scenario;  // the county baseline, run on the national model
  double adults = 0.0;  // adults in the base year, as generated
};

// Writes models/national and national.yaml under `folder`, from the model in
// `source` (models/worcestershire) and the scenario `baseline`.
NationalModel write_national_model(const std::filesystem::path& source, const std::filesystem::path& baseline,
                                   const std::filesystem::path& folder, const NationalSpec& spec);

}  // namespace carecast::bench
