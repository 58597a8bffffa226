#pragma once
// Care careers of one replicate: everyone known to the council as an
// individual, advanced through a financial year event by event in day order
// (so a bed freed on 3 May is free for a placement on 4 May). New need comes
// from the population's cohort counts. The rules each draw applies are the
// rule book's (simulation/care_rules.h) and the market's (market/); see
// docs/model.md.

#include <cstdint>
#include <vector>

#include "carecast/core/alias_table.h"
#include "carecast/core/random.h"
#include "carecast/model/care_model.h"
#include "carecast/market/market.h"
#include "carecast/simulation/care_rules.h"
#include "carecast/simulation/care_year_totals.h"
#include "carecast/simulation/event_queue.h"
#include "carecast/simulation/policy.h"
#include "carecast/simulation/population.h"
#include "carecast/simulation/unfollowed_episodes.h"

namespace carecast {

// Small fields are 16-bit, and the hours and the exit clock single
// precision, so that a person fits in one 64-byte cache line:
// events reach people in no particular order, and the fewer cache lines the
// caseload spans, the fewer of those reaches miss.
struct Person {
  double spell_start = 0.0;  // when the current spell began, in days since 1 April
  double pending_time = -1.0;  // a scheduled arrival or end of short-term support
  double then_time = -1.0;  // after short-term support: when it ends...
  double conversion_time = -1.0;  // when a self-funder's capital reaches the limit, or -1 (no capital followed)
  float hours_per_week = 0.0F;
  // In long-term care, the competing exits' clock: the integrated hazard
  // still to run at the next year's start before the next exit (a unit
  // exponential drawn once and used up by each year's rates, so that a
  // client is not drawn for again every year), or -1 when the exit falls in
  // this year or is yet to be drawn.
  float exit_clock = -1.0F;
  std::uint32_t version = 0;  // bumps whenever queued events become stale
  std::int16_t client_group = 0;
  std::int16_t setting = -1;  // -1 before arrival
  std::int16_t home_district = 0;
  std::int16_t location = 0;  // district of the bed or place, or out_of_county
  std::int16_t sex = 0;
  std::int16_t age = 0;
  std::int16_t awaiting = -1;  // setting this person waits for, or -1
  std::int16_t pending_setting = -1;  // where the scheduled change leads
  std::int16_t then_setting = -1;  // ...and the long-term setting that follows short-term support
  bool self_funded = false;
  bool active = false;
};
static_assert(sizeof(Person) <= 64, "a person's record should fit in one cache line");

class CareEngine {
 public:
  CareEngine(const CareModel& model, const PopulationPlan& plan);

  // The levers and demand growth in force from now on (the engine keeps a
  // copy); without a call, none.
  void set_policy(const CarePolicy& policy);
  // The model's rates multiplied by `factors` (CareRules::set_rates), for
  // the caseload's start and every year after, until set again.
  void set_rates(const std::vector<RateFactor>& factors);

  // The model's base caseload, ages drawn from the population; no policy is
  // in force until the next set_policy.
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
  // 1 April), through the market; returns their index, which holds until
  // end_year (people who left are then dropped and the rest close up).
  int admit(int client_group, int home_district, int sex, int age, int setting, double time, RandomEngine& random,
            CareYearTotals& totals);
  // Ends a person's care at `time`.
  void discharge(int person, double time, RandomEngine& random, CareYearTotals& totals);

  // The volumes of a year of `days` days at the present caseload: every
  // council-funded person for the whole year, homecare hours all delivered,
  // short-term episodes at their expected yearly number. Money prices this as
  // the base year's run rate for the first year's bridge.
  void run_rate(int days, const PopulationState& population, CareYearTotals& totals);

  // Everyone in care or arriving this year; after end_year, only those
  // still in care, in the order they were.
  const std::vector<Person>& people() const { return people_; }
  // Events taken from the queue since start(), stale ones included: the
  // engine's unit of work, for benchmarks.
  std::uint64_t events_processed() const { return events_processed_; }
  const Market& market() const { return market_; }
  // People counted in long-term care (not short-term support) now.
  std::int64_t long_term_count() const;

 private:
  // Times are continuous, in days since 1 April; a spell from t0 to t1
  // spends floor(t1) - floor(t0) nights (midnights) in its bed.

  int add_person(int group, int home_district, int sex, int age);
  // Asks the processor for a person's record ahead of its use.
  void prefetch_person(int index) const;
  void schedule_pending(int person);
  // Draws a person's next competing exit from `now` and schedules it if it
  // falls in this year.
  void schedule_hazard(int person, double now, RandomEngine& random);
  // At a year's start: the exit still to come on the person's clock, drawn
  // afresh only when they have none.
  void resume_hazard(int person, RandomEngine& random);
  // Schedules the exit that falls when `hazard_left` of hazard has run from
  // `now` (or the capital running out first), or winds the clock on to the
  // year's end.
  void run_exit_clock(int person, double now, double hazard_left);
  void push(double time, int person);
  void process(const CareEvent& event, RandomEngine& random, CareYearTotals& totals);
  // A new client's arrival at `time`: into short-term support from the
  // front door, or straight into a setting from children's services.
  void arrive(int person, double time, RandomEngine& random, CareYearTotals& totals);
  // A competing-risk event of someone in long-term care.
  void process_exit(int person, double time, RandomEngine& random, CareYearTotals& totals);
  void enter(int person, int setting, double time, RandomEngine& random, CareYearTotals& totals, bool admission);
  // Who pays once the person moves from `old_setting` to `setting` at `time`,
  // and, for a self-funder whose capital is followed, when it runs out.
  void settle_funding(Person& person, int old_setting, int setting, double time, RandomEngine& random) const;
  // A self-funder's money has run out: the council pays from `time`.
  void become_council_funded(int person, double time, RandomEngine& random, CareYearTotals& totals);
  void leave(int person, double time, RandomEngine& random, CareYearTotals& totals);
  void close_spell(int person, double time, CareYearTotals& totals);
  // Places the first person waiting for `setting` who may use `district`
  // there, if it has room; returns whether someone was placed.
  bool offer_vacancy(int setting, int district, double time, RandomEngine& random, CareYearTotals& totals);
  // Offers every place the year's capacity opened to the waiting lists.
  void fill_opened_places(RandomEngine& random, CareYearTotals& totals);
  void arrive_from_front_door(const PopulationState& population, RandomEngine& random, CareYearTotals& totals);
  void arrive_from_childrens_services(const PopulationState& population, RandomEngine& random);
  float draw_hours(RandomEngine& random) const;
  // Requests a year from one district, sex and client group, by the rule
  // book; leaves their weights by age in request_weights_, for the ages of
  // the requests that follow.
  double request_weights(const PopulationState& population, int district, int sex, int group);
  // A person whose short-term support starts at `start` and leads to
  // long-term care; the age is drawn in proportion to request_weights_, the
  // setting that follows chosen then.
  int add_short_term_client(int group, int district, int sex, double start, RandomEngine& random);
  void seed_short_term(const PopulationState& population, RandomEngine& random);
  void count_clients_by_cell();
  void count_client(const Person& person);

  // What a spell's close and an entry ask of their setting, copied out of
  // the model's settings once.
  struct SettingTraits {
    bool has_places = false;
    bool hours = false;
    bool sent_out_of_county = false;  // a share of placements goes out of county whatever is free
  };

  const CareModel* model_;
  const PopulationPlan* plan_;
  std::vector<SettingTraits> setting_traits_;
  // [client group]: whether arriving in short-term support draws nothing and
  // meets no one (the setting has no places, hours or self-funders), so that
  // the arrival can be made when it is drawn, with the same outcome as an
  // event on its day: a third of a year's events were such arrivals.
  std::vector<bool> arrives_when_drawn_;
  std::vector<int> arriving_;  // scratch: this year's arrivals made when drawn
  CareRules rules_;
  Market market_;
  int days_ = 365;
  std::vector<Person> people_;
  std::vector<int> kept_as_;  // scratch: [person]: the index at the year's end, or -1 for someone who left
  EventQueue events_;
  std::uint64_t events_processed_ = 0;
  std::vector<std::vector<int>> waiting_;  // [setting]: people waiting, in order
  UnfollowedEpisodes unfollowed_;
  std::vector<std::int64_t> clients_by_cell_;  // [district][sex][age]: long-term clients, for eligibility
  std::vector<double> request_weights_;  // scratch: by age
  std::vector<double> cumulative_;  // scratch: cumulative weights to draw from
  AliasTable request_ages_;  // request_weights_ to draw from, once built
  bool request_ages_built_ = false;
  bool fresh_start_ = true;  // the caseload's ages are already this year's
  bool places_opened_ = false;  // the policy's capacity gave a setting with places more room
};

}  // namespace carecast
