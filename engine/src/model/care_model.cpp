#include "carecast/model/care_model.h"

namespace carecast {

std::vector<std::string> CareModel::setting_ids() const {
  std::vector<std::string> ids;
  for (const auto& setting : settings) ids.push_back(setting.id);
  return ids;
}

std::vector<std::string> CareModel::client_group_ids() const {
  std::vector<std::string> ids;
  for (const auto& group : client_groups) ids.push_back(group.id);
  return ids;
}

int CareModel::setting_index(const std::string& id) const {
  for (std::size_t s = 0; s < settings.size(); ++s) {
    if (settings[s].id == id) return static_cast<int>(s);
  }
  return -1;
}

int CareModel::client_group_index(const std::string& id) const {
  for (std::size_t g = 0; g < client_groups.size(); ++g) {
    if (client_groups[g].id == id) return static_cast<int>(g);
  }
  return -1;
}

}  // namespace carecast
