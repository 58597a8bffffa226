#pragma once
// Strict, typed reading of one map of a ConfigNode tree. Every key a loader
// asks about is recorded as known; finish() then rejects any other key with a
// "did you mean" suggestion. A loader is one function reading its section
// top to bottom, which makes it the schema: there is no second copy of the
// rules to drift out of step.

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "carecast/loading/config_node.h"

namespace carecast {

// Inclusive bounds for a number; the name is used in messages ("a probability").
struct Bounds {
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  std::string_view what = "a number";
  // A bound that holds for a value as written (a number, or the centre of
  // a distribution) but that a distribution's tail may pass.
  bool tail_may_pass_min = false;
  bool tail_may_pass_max = false;

  static Bounds any() { return {}; }
  static Bounds non_negative(std::string_view what = "a number") {
    return {0.0, std::numeric_limits<double>::infinity(), what};
  }
  static Bounds probability() { return {0.0, 1.0, "a probability"}; }
  // Pounds, of a cost, budget or grant: within a trillion either way (more
  // than the UK's whole public spending in a year), which keeps every sum a
  // run makes of them finite. A distribution's tail past it is left alone:
  // its draws stay within a few spreads of a centre that is inside.
  static Bounds money(std::string_view what, bool may_be_negative = false) {
    constexpr double trillion = 1e12;
    return {may_be_negative ? -trillion : 0.0, trillion, what, may_be_negative, true};
  }
  static Bounds between(double min, double max, std::string_view what = "a number") {
    return {min, max, what};
  }
};

// Scalar conversions with messages naming `key_path` and the node's location.
double to_number(const ConfigNode& node, std::string_view key_path, const Bounds& bounds);
std::int64_t to_integer(const ConfigNode& node, std::string_view key_path, std::int64_t min,
                        std::int64_t max);
std::string to_text(const ConfigNode& node, std::string_view key_path);
bool to_boolean(const ConfigNode& node, std::string_view key_path);

// Closest candidate within a small edit distance, or empty; at a cost that
// grows with the candidates' lengths, not the word's (a very long word gets
// no suggestion).
std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);

class ConfigReader {
 public:
  // `node` must be a map; `key_path` is its dotted path ("" for the top).
  ConfigReader(const ConfigNode& node, std::string key_path);

  const ConfigNode* optional_node(std::string_view key);
  const ConfigNode& required_node(std::string_view key);

  double number(std::string_view key, const Bounds& bounds = Bounds::any());
  double number_or(std::string_view key, double fallback, const Bounds& bounds = Bounds::any());
  std::int64_t integer(std::string_view key, std::int64_t min, std::int64_t max);
  std::int64_t integer_or(std::string_view key, std::int64_t fallback, std::int64_t min,
                          std::int64_t max);
  std::string text(std::string_view key);
  std::string text_or(std::string_view key, std::string fallback);
  bool boolean_or(std::string_view key, bool fallback);
  // One of `choices`, with a suggestion when it is not.
  std::string choice(std::string_view key, const std::vector<std::string>& choices);

  ConfigReader map(std::string_view key);
  std::optional<ConfigReader> optional_map(std::string_view key);
  // A list whose items are maps; an absent key gives an empty list.
  std::vector<ConfigReader> map_list(std::string_view key);
  // A list of scalars; an absent key gives an empty list.
  std::vector<const ConfigNode*> scalar_list(std::string_view key);

  // Rejects keys nobody asked about. Call once, after reading every key.
  void finish() const;

  std::string path_of(std::string_view key) const;
  const std::string& path() const { return key_path_; }
  const ConfigNode& node() const { return *node_; }
  // An error about `key`'s value (or about the map itself when key is empty).
  InputError error(std::string_view key, std::string_view what) const;

 private:
  const ConfigNode* node_;
  std::string key_path_;
  std::vector<std::string> known_;
};

}  // namespace carecast
