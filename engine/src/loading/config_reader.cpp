#include "carecast/loading/config_reader.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace carecast {
namespace {

void require_scalar(const ConfigNode& node, std::string_view key_path, std::string_view what) {
  if (node.kind != ConfigNode::Kind::scalar) {
    std::string message = "expected " + std::string(what) + ", got " + node.describe();
    if (node.is_map() && node.find("distribution")) message += " (a distribution is allowed only for a number in a scenario)";
    throw InputError::at(node.where, key_path, message);
  }
}

// Whole numbers, text and switches choose the shape of a run, so they cannot vary between replicates.
void require_fixed(const ConfigNode& node, std::string_view key_path, std::string_view what) {
  if (node.varying) {
    throw InputError::at(node.where, key_path,
                         "expected " + std::string(what) + ", not a distribution: only numbers that are not whole "
                         "numbers, counts or years may vary");
  }
}

std::string format_bound(double value) {
  std::string text = std::to_string(value);
  text.erase(text.find_last_not_of('0') + 1);
  if (!text.empty() && text.back() == '.') text.pop_back();
  return text;
}

// Damerau-Levenshtein (optimal string alignment) distance, keeping three
// rows so memory grows with `b` alone.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> before_previous(b.size() + 1), previous(b.size() + 1), current(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        current[j] = std::min(current[j], before_previous[j - 2] + 1);
      }
    }
    std::swap(before_previous, previous);
    std::swap(previous, current);
  }
  return previous[b.size()];
}

}  // namespace

double to_number(const ConfigNode& node, std::string_view key_path, const Bounds& bounds) {
  require_scalar(node, key_path, bounds.what);
  std::string_view text = node.scalar;
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  double value = 0.0;
  const auto [end, status] = std::from_chars(text.data(), text.data() + text.size(), value);
  const bool whole = status == std::errc() && end == text.data() + text.size();
  if (node.quoted || !whole || text.empty()) {
    std::string message = "expected " + std::string(bounds.what) + ", got " + node.describe();
    if (node.scalar.find(',') != std::string::npos) {
      message += " (write numbers without thousands separators)";
    } else if (node.scalar.find('%') != std::string::npos) {
      message += " (write a percentage as a fraction: 4% is 0.04)";
    }
    throw InputError::at(node.where, key_path, message);
  }
  if (!std::isfinite(value)) {
    throw InputError::at(node.where, key_path,
                         "expected a finite number, got " + node.describe());
  }
  std::string range;
  if (std::isinf(bounds.max)) {
    range = "at least " + format_bound(bounds.min);
  } else if (std::isinf(bounds.min)) {
    range = "at most " + format_bound(bounds.max);
  } else {
    range = "between " + format_bound(bounds.min) + " and " + format_bound(bounds.max);
  }
  if (node.varying && ((node.varying->lowest < bounds.min && !bounds.tail_may_pass_min) ||
                       (node.varying->highest > bounds.max && !bounds.tail_may_pass_max))) {
    throw InputError::at(node.where, key_path,
                         "expected " + std::string(bounds.what) + " " + range + ", but " + node.varying->description +
                             " can fall outside that; use a distribution that stays within it (a beta, a triangular, a "
                             "uniform, or a normal with min and max)");
  }
  if (value < bounds.min || value > bounds.max) {
    throw InputError::at(node.where, key_path,
                         "expected " + std::string(bounds.what) + " " + range + ", got " +
                             shortened_input(node.scalar));
  }
  return value;
}

std::int64_t to_integer(const ConfigNode& node, std::string_view key_path, std::int64_t min,
                        std::int64_t max) {
  require_scalar(node, key_path, "a whole number");
  require_fixed(node, key_path, "a whole number");
  std::string_view text = node.scalar;
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  std::int64_t value = 0;
  const auto [end, status] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (node.quoted || text.empty() || end != text.data() + text.size() ||
      status != std::errc()) {
    const bool too_big = status == std::errc::result_out_of_range;
    throw InputError::at(node.where, key_path,
                         std::string(too_big ? "whole number out of range, got "
                                             : "expected a whole number, got ") +
                             node.describe());
  }
  if (value < min || value > max) {
    throw InputError::at(node.where, key_path,
                         "expected a whole number between " + std::to_string(min) + " and " +
                             std::to_string(max) + ", got " + shortened_input(node.scalar));
  }
  return value;
}

std::string to_text(const ConfigNode& node, std::string_view key_path) {
  require_scalar(node, key_path, "text");
  require_fixed(node, key_path, "text");
  return node.scalar;
}

bool to_boolean(const ConfigNode& node, std::string_view key_path) {
  require_scalar(node, key_path, "true or false");
  require_fixed(node, key_path, "true or false");
  if (!node.quoted && (node.scalar == "true" || node.scalar == "false")) {
    return node.scalar == "true";
  }
  throw InputError::at(node.where, key_path,
                       "expected true or false, got " + node.describe());
}

std::string closest_match(std::string_view word, const std::vector<std::string>& candidates) {
  // Nobody mistypes a name this long; a longer word is pasted text, and
  // comparing it letter by letter would cost its length times each name's.
  constexpr std::size_t longest_word = 200;
  std::string best;
  if (word.size() > longest_word) return best;
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (const auto& candidate : candidates) {
    // The lengths' difference is a lower bound on the distance, so a candidate
    // much longer or shorter than the word is skipped without comparing.
    const std::size_t length_difference =
        word.size() > candidate.size() ? word.size() - candidate.size() : candidate.size() - word.size();
    if (length_difference >= best_distance) continue;
    const std::size_t distance = edit_distance(word, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  return best;
}

ConfigReader::ConfigReader(const ConfigNode& node, std::string key_path)
    : node_(&node), key_path_(std::move(key_path)) {
  if (!node.is_map()) {
    throw InputError::at(node.where, key_path_, "expected a map of settings, got " + node.describe());
  }
}

std::string ConfigReader::path_of(std::string_view key) const {
  if (key_path_.empty()) return std::string(key);
  if (key.empty()) return key_path_;
  return key_path_ + "." + std::string(key);
}

InputError ConfigReader::error(std::string_view key, std::string_view what) const {
  const ConfigNode* value = key.empty() ? nullptr : node_->find(key);
  return InputError::at(value ? value->where : node_->where, path_of(key), what);
}

const ConfigNode* ConfigReader::optional_node(std::string_view key) {
  if (std::find(known_.begin(), known_.end(), key) == known_.end()) known_.emplace_back(key);
  const ConfigNode* value = node_->find(key);
  if (value && value->kind == ConfigNode::Kind::null) {
    throw InputError::at(value->where, path_of(key), "a value is missing after the colon");
  }
  return value;
}

const ConfigNode& ConfigReader::required_node(std::string_view key) {
  const ConfigNode* value = optional_node(key);
  if (!value) {
    throw InputError::at(node_->where, path_of(key), "required setting is missing");
  }
  return *value;
}

double ConfigReader::number(std::string_view key, const Bounds& bounds) {
  return to_number(required_node(key), path_of(key), bounds);
}

double ConfigReader::number_or(std::string_view key, double fallback, const Bounds& bounds) {
  const ConfigNode* value = optional_node(key);
  return value ? to_number(*value, path_of(key), bounds) : fallback;
}

std::int64_t ConfigReader::integer(std::string_view key, std::int64_t min, std::int64_t max) {
  return to_integer(required_node(key), path_of(key), min, max);
}

std::int64_t ConfigReader::integer_or(std::string_view key, std::int64_t fallback,
                                      std::int64_t min, std::int64_t max) {
  const ConfigNode* value = optional_node(key);
  return value ? to_integer(*value, path_of(key), min, max) : fallback;
}

std::string ConfigReader::text(std::string_view key) {
  return to_text(required_node(key), path_of(key));
}

std::string ConfigReader::text_or(std::string_view key, std::string fallback) {
  const ConfigNode* value = optional_node(key);
  return value ? to_text(*value, path_of(key)) : fallback;
}

bool ConfigReader::boolean_or(std::string_view key, bool fallback) {
  const ConfigNode* value = optional_node(key);
  return value ? to_boolean(*value, path_of(key)) : fallback;
}

std::string ConfigReader::choice(std::string_view key, const std::vector<std::string>& choices) {
  const ConfigNode& value = required_node(key);
  std::string chosen = to_text(value, path_of(key));
  if (std::find(choices.begin(), choices.end(), chosen) != choices.end()) return chosen;
  std::string message = "unknown value " + quote_input(chosen);
  if (const std::string hint = closest_match(chosen, choices); !hint.empty()) {
    message += "; did you mean " + quote_input(hint) + "?";
  } else {
    message += "; expected one of";
    for (std::size_t i = 0; i < choices.size(); ++i) {
      message += (i == 0 ? " " : ", ") + choices[i];
    }
  }
  throw InputError::at(value.where, path_of(key), message);
}

ConfigReader ConfigReader::map(std::string_view key) {
  return ConfigReader(required_node(key), path_of(key));
}

std::optional<ConfigReader> ConfigReader::optional_map(std::string_view key) {
  const ConfigNode* value = optional_node(key);
  if (!value) return std::nullopt;
  return ConfigReader(*value, path_of(key));
}

std::vector<ConfigReader> ConfigReader::map_list(std::string_view key) {
  std::vector<ConfigReader> readers;
  const ConfigNode* value = optional_node(key);
  if (!value) return readers;
  if (value->kind != ConfigNode::Kind::sequence) {
    throw InputError::at(value->where, path_of(key), "expected a list, got " + value->describe());
  }
  for (std::size_t i = 0; i < value->items.size(); ++i) {
    readers.emplace_back(value->items[i], path_of(key) + "[" + std::to_string(i) + "]");
  }
  return readers;
}

std::vector<const ConfigNode*> ConfigReader::scalar_list(std::string_view key) {
  std::vector<const ConfigNode*> items;
  const ConfigNode* value = optional_node(key);
  if (!value) return items;
  if (value->kind != ConfigNode::Kind::sequence) {
    throw InputError::at(value->where, path_of(key), "expected a list, got " + value->describe());
  }
  for (const auto& item : value->items) {
    if (item.kind != ConfigNode::Kind::scalar) {
      throw InputError::at(item.where, path_of(key), "expected a value, got " + item.describe());
    }
    items.push_back(&item);
  }
  return items;
}

void ConfigReader::finish() const {
  for (const auto& entry : node_->entries) {
    if (std::find(known_.begin(), known_.end(), entry.key) != known_.end()) continue;
    std::string message = "unknown key";
    if (const std::string hint = closest_match(entry.key, known_); !hint.empty()) {
      message += "; did you mean " + quote_input(hint) + "?";
    }
    throw InputError::at(entry.key_where, path_of(entry.key), message);
  }
}

}  // namespace carecast
