#pragma once
// Care careers of one replicate: everyone known to the council as an
// individual, advanced through a financial year event by event in day order
// (so a bed freed on 3 May is free for a placement on 4 May). New need comes
// from the population's cohort counts; see docs/model.md.

#include <cstdint>
#include <queue>
#include <vector>

#include "carecast/core/random.h"
#include "carecast/loading/care_model.h"
#include "carecast/market/market.h"
#include "carecast/simulation/care_year_totals.h"
#include "carecast/simulation/policy.h"
#include "carecast/simulation/population.h"

namespace carecast {

struct Person {
  int client_group = 0;
  int setting = -1;  // -1 before arrival
  int home_district = 0;
  int location = 0;  // district of the bed or place, or out_of_county
  int sex = 0;
  int age = 0;
  bool self_funded = false;
  bool active = false;
  int awaiting = -1;  // setting this person waits for, or -1
  double spell_start = 0.0;  // when the current spell began, in days since 1 April
  double hours_per_week = 0.0;
  double pending_time = -1.0;  // a scheduled arrival or end of short-term support
  int pending_setting = -1;  // where that scheduled change leads
  double then_time = -1.0;  // after short-term support: when it ends...
  int then_setting = -1;  // ...and the long-term setting that follows
  std::uint32_t version = 0;  // bumps whenever queued events become stale
};

class CareEngine {
 public:
  CareEngine(const CareModel& model, const PopulationPlan& plan);

  // The levers and demand growth in force from now on (the engine keeps a
  // copy); without a call, none.
  void set_policy(const CarePolicy& policy) { policy_ = policy; }

  // The model's base caseload, ages drawn from the population.
  void start(const PopulationState& population, RandomEngine& random);
  // One financial year; `totals` receives its counts. The same as
  // begin_year, the year's arrivals, process_events and end_year.
  void run_year(int year, const PopulationState& population, RandomEngine& need, RandomEngine& care,
                CareYearTotals& totals);

  // The steps of a year, public so that tests can build careers by hand:
  // begin_year, then admit and discharge at chosen times, then end_year.
  void begin_year(int year, RandomEngine& care, CareYearTotals& totals);
  void process_events(RandomEngine& care, CareYearTotals& totals);
  void end_year(CareYearTotals& totals);
  // Places a new council-funded person in `setting` at `time` (days since
  // 1 April), through the market; returns their index.
  int admit(int client_group, int home_district, int sex, int age, int setting, double time, RandomEngine& random,
            CareYearTotals& totals);
  // Ends a person's care at `time`.
  void discharge(int person, double time, RandomEngine& random, CareYearTotals& totals);

  // The volumes of a year of `days` days at the present caseload: every
  // council-funded person for the whole year, homecare hours all delivered,
  // short-term episodes at their expected yearly number. Money prices this as
  // the base year's run rate for the first year's bridge.
  void run_rate(int days, const PopulationState& population, CareYearTotals& totals);

  const std::vector<Person>& people() const { return people_; }
  const Market& market() const { return market_; }
  // People counted in long-term care (not short-term support) now.
  std::int64_t long_term_count() const;

 private:
  // Times are continuous, in days since 1 April; a spell from t0 to t1
  // spends floor(t1) - floor(t0) nights (midnights) in its bed.
  struct Event {
    double time;
    std::uint64_t order;
    int person;
    std::uint32_t version;
    bool operator>(const Event& other) const { return time != other.time ? time > other.time : order > other.order; }
  };

  int add_person(int group, int home_district, int sex, int age);
  void schedule_pending(int person);
  void schedule_hazard(int person, double now, RandomEngine& random);
  void push(double time, int person);
  void process(const Event& event, RandomEngine& random, CareYearTotals& totals);
  void enter(int person, int setting, double time, RandomEngine& random, CareYearTotals& totals, bool admission);
  void leave(int person, double time, RandomEngine& random, CareYearTotals& totals);
  void close_spell(int person, double time, CareYearTotals& totals);
  void offer_vacancy(int setting, int district, double time, RandomEngine& random, CareYearTotals& totals);
  void arrive_from_front_door(const PopulationState& population, RandomEngine& random, CareYearTotals& totals);
  void arrive_from_childrens_services(const PopulationState& population, RandomEngine& random);
  double draw_hours(RandomEngine& random) const;
  // Requests a year from one district, sex and client group; leaves the
  // cumulative weights by age in weights_.
  double request_weights(const PopulationState& population, int district, int sex, int group);
  int draw_entry_setting(int group, int age, RandomEngine& random) const;
  // A person whose short-term support starts at `start` and leads to
  // long-term care; the age is drawn from weights_.
  int add_short_term_client(int group, int district, int sex, double start, RandomEngine& random);
  void seed_short_term(const PopulationState& population, RandomEngine& random);
  void count_clients_by_cell();
  double hazard_total(const Person& person) const;

  const CareModel* model_;
  const PopulationPlan* plan_;
  Market market_;
  int days_ = 365;
  std::vector<Person> people_;
  std::vector<int> free_slots_;
  std::priority_queue<Event, std::vector<Event>, std::greater<>> events_;
  std::uint64_t next_order_ = 0;
  std::vector<std::vector<int>> waiting_;  // [setting]: people waiting, in order
  std::vector<std::int64_t> short_term_carried_;  // [group][district]: aggregate episodes open at year end
  std::vector<std::int64_t> clients_by_cell_;  // [district][sex][age]: long-term clients, for eligibility
  std::vector<double> weights_;  // scratch
  bool fresh_start_ = true;  // the caseload's ages are already this year's
  CarePolicy policy_;
  double onward_share() const;  // of short-term episodes, the share going on to long-term care
};

}  // namespace carecast
