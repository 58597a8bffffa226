#pragma once
// The care side of a model: client groups, settings, the base caseload and
// every rate that moves people into, between and out of care, read from the
// model's files (docs/model-format.md). Tables keyed by age are expanded to
// one entry per single year of age so the simulation indexes them directly.

#include <array>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "carecast/model/citation.h"
#include "carecast/model/self_funder_capital.h"

namespace carecast {

enum class SettingKind { short_term, community, accommodation, care_home };
// The kind as the model file spells it (care_model_loader.cpp reads these).
inline constexpr std::string_view setting_kind_name(SettingKind kind) {
  constexpr std::string_view names[] = {"short_term", "community", "accommodation", "care_home"};
  return names[static_cast<int>(kind)];
}
enum class WhenFull { out_of_county, wait };

struct CareSetting {
  std::string id;
  std::string name;
  SettingKind kind = SettingKind::community;
  bool hours = false;  // clients have homecare hours a week
  WhenFull when_full = WhenFull::out_of_county;
  // Share of new placements made outside the county whatever the county's
  // capacity: near family, or specialist care the county does not have.
  double out_of_county_share = 0.0;
  // Counted among people receiving a long-term service (the council's
  // published caseload): every setting but short-term support and those the
  // model marks `long_term: false`, such as step-down beds after hospital.
  bool long_term = true;

  bool has_places() const { return kind == SettingKind::accommodation || kind == SettingKind::care_home; }
};

struct ClientGroup {
  std::string id;
  std::string name;
};

inline constexpr int out_of_county = -1;

struct CaseloadRow {
  int setting = 0;
  int client_group = 0;
  int home_district = 0;
  int location = 0;  // district of the bed or place, or out_of_county
  int min_age = 0;
  int max_age = 0;
  bool self_funded = false;
  double count = 0.0;
};

// Where a move leads: another setting (0..settings-1), or one of these.
inline constexpr int move_death = -1;
inline constexpr int move_end = -2;

struct MoveRate {
  int to = move_end;
  double per_year = 0.0;
};

struct CareModel {
  std::vector<ClientGroup> client_groups;
  std::vector<CareSetting> settings;
  int short_term_setting = 0;
  int hours_setting = 0;
  int adult_age = 18;
  int oldest_age = 100;
  int district_count = 0;

  int caseload_year = 0;  // the caseload is as at the start of this financial year
  std::vector<CaseloadRow> caseload;

  // Front door. Rates per person-year by [group][age - adult_age].
  std::vector<std::vector<double>> request_rate;
  std::vector<double> district_need;
  double short_term_share = 0.0;
  double short_term_mean_days = 0.0;
  double no_further_need_share = 0.0;
  double long_term_share_of_further_need = 0.0;
  // Entry setting shares by [group][age - adult_age][setting].
  std::vector<std::vector<std::vector<double>>> entry_share;

  // Arrivals from children's services at the adult age.
  double transitions_per_year = 0.0;
  struct Transition {
    int client_group = 0;
    int setting = 0;
    double share = 0.0;
  };
  std::vector<Transition> transitions;

  // Competing hazards by [setting][group][age - adult_age].
  std::vector<std::vector<std::vector<std::vector<MoveRate>>>> moves;

  std::vector<bool> self_funding_setting;
  std::vector<bool> self_funding_group;  // client groups whose members may fund themselves
  // Either a share of entrants and a hazard of becoming council-funded, or
  // (when present) each self-funder's capital, which sets both.
  double self_funded_entrant_share = 0.0;
  double self_funded_depletion_per_year = 0.0;
  std::optional<SelfFunderCapital> self_funder_capital;

  double homecare_mean_hours = 0.0;
  double homecare_hours_shape = 1.0;
  double homecare_annual_change = 0.0;

  // Capacity by [setting][district]; infinity where unlimited. For the hours
  // setting, hours a week.
  std::vector<std::vector<double>> capacity;
  std::vector<std::vector<int>> neighbours;

  std::vector<ModelCitation> citations;

  const std::vector<MoveRate>& moves_from(int setting, int group, int age) const {
    return moves[static_cast<std::size_t>(setting)][static_cast<std::size_t>(group)]
                [static_cast<std::size_t>(age - adult_age)];
  }
  int setting_index(const std::string& id) const;
  int client_group_index(const std::string& id) const;
  std::vector<std::string> setting_ids() const;
  std::vector<std::string> client_group_ids() const;
};

}  // namespace carecast
