#pragma once
// Market sufficiency by district and year, for the commissioner: for each
// setting with beds or places, the places in force, those occupied on an
// average day, the people waiting at year end and the places short; for
// homecare, the hours a week the workforce can supply, delivered, needed
// and unmet. The briefing, the workbook and the CSV export show the same
// figures, all means over replicates, so districts add up to the county.

#include <string>
#include <vector>

#include "carecast/report/labelled_array.h"
#include "carecast/report/run_reader.h"

namespace carecast::report {

// One setting with beds or places; each array is year x district.
struct PlaceSufficiency {
  std::string setting;
  LabelledArray places;    // in force (0: the model sets no limit)
  LabelledArray occupied;  // on an average day, all funders, by district of the bed
  LabelledArray waiting;   // at year end, all funders, by home district (0 when not counted)
  // Occupied plus waiting above the places in force, 0 when none, taken in
  // each replicate and then averaged; 0 where the model sets no limit.
  LabelledArray short_by;
};

// Homecare, hours a week; each array is year x district (home district).
struct HomecareSufficiency {
  LabelledArray capacity;   // what the workforce can supply (0: no limit)
  LabelledArray delivered;  // on average over the year's weeks
  LabelledArray needed;     // delivered plus unmet
  LabelledArray unmet;
};

struct Sufficiency {
  std::vector<PlaceSufficiency> places;  // the settings with bed nights, in the file's order
  HomecareSufficiency homecare;
  bool waiting_counted = false;
};

Sufficiency market_sufficiency(const RunReader& run);

}  // namespace carecast::report
