#pragma once
// Reads a model's population and life tables from CSV.

#include <filesystem>
#include <string>
#include <vector>

#include "carecast/model/population_table.h"

namespace carecast {

// Reads `year,area_code,sex,age,count` rows (other columns ignored) for the
// given districts and years. Ages are 0..N-1 and "N+"; every cell must be
// present exactly once. Rows for other areas or years are ignored.
PopulationTable read_population_table(const std::filesystem::path& path,
                                      const std::string& display_name,
                                      const std::vector<std::string>& district_codes,
                                      int first_year, int last_year);

// Reads `period,sex,age,qx,mx,lx,dx,ex` rows for one period.
LifeTable read_life_table(const std::filesystem::path& path, const std::string& display_name,
                          const std::string& period);

}  // namespace carecast
