#include "carecast/model/model.h"

namespace carecast {

std::vector<std::string> Model::district_codes() const {
  std::vector<std::string> codes;
  for (const auto& district : districts) codes.push_back(district.code);
  return codes;
}

std::vector<std::string> Model::district_names() const {
  std::vector<std::string> names;
  for (const auto& district : districts) names.push_back(district.name);
  return names;
}

std::vector<std::string> Model::age_band_labels() const {
  std::vector<std::string> labels;
  for (const auto& band : population.age_bands) labels.push_back(band.label);
  return labels;
}

int Model::district_index(const std::string& name) const {
  for (std::size_t d = 0; d < districts.size(); ++d) {
    if (districts[d].name == name) return static_cast<int>(d);
  }
  return -1;
}

int Model::age_band_of(int age) const {
  const auto& bands = population.age_bands;
  for (std::size_t b = 0; b < bands.size(); ++b) {
    if (age <= bands[b].last_age) return static_cast<int>(b);
  }
  return static_cast<int>(bands.size()) - 1;
}

}  // namespace carecast
