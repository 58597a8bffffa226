#include "carecast/uncertainty/sampling_method.h"

#include <algorithm>
#include <stdexcept>

namespace carecast {

const std::vector<std::string>& sampling_method_names() {
  static const std::vector<std::string> names{"random", "latin_hypercube", "sobol", "directed_sobol"};
  return names;
}

std::string_view sampling_method_name(SamplingMethod method) {
  return sampling_method_names()[static_cast<std::size_t>(method)];
}

SamplingMethod sampling_method_named(std::string_view name) {
  const auto& names = sampling_method_names();
  const auto found = std::find(names.begin(), names.end(), name);
  if (found == names.end()) throw std::invalid_argument("no sampling method " + std::string(name));
  return static_cast<SamplingMethod>(found - names.begin());
}

}  // namespace carecast
