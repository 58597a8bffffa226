// Strict reading of configuration: every class of validation error, with its
// message checked exactly, since the message is what a user acts on.

#include <catch2/catch.hpp>

#include "carecast/loading/config_reader.h"
#include "carecast/loading/yaml_document.h"
#include "test_support.h"

using namespace carecast;
using testing::error_of;

TEST_CASE("numbers: wrong type, out of range and non-finite values name file, line, column and key") {
  const ConfigNode tree = parse_yaml_text(
      "costs:\n  residential:\n    weekly: abc\n    share: 1.5\n    fee: -3\n    big: .inf\n    nan: .nan\n"
      "    text: \"12\"\n    thousands: 1,000\n    percent: 4%\n    list: [1, 2]\n",
      "scenarios/x.yaml");
  ConfigReader top(tree, "");
  ConfigReader residential = top.map("costs").map("residential");
  CHECK(error_of([&] { residential.number("weekly"); }) ==
        "scenarios/x.yaml:3:13: costs.residential.weekly: expected a number, got \"abc\"");
  CHECK(error_of([&] { residential.number("share", Bounds::probability()); }) ==
        "scenarios/x.yaml:4:12: costs.residential.share: expected a probability between 0 and 1, got 1.5");
  CHECK(error_of([&] { residential.number("fee", Bounds::non_negative("a cost")); }) ==
        "scenarios/x.yaml:5:10: costs.residential.fee: expected a cost at least 0, got -3");
  CHECK(error_of([&] { residential.number("big"); }) ==
        "scenarios/x.yaml:6:10: costs.residential.big: expected a number, got \".inf\"");
  CHECK(error_of([&] { residential.number("nan"); }) ==
        "scenarios/x.yaml:7:10: costs.residential.nan: expected a number, got \".nan\"");
  CHECK(error_of([&] { residential.number("text"); }) ==
        "scenarios/x.yaml:8:11: costs.residential.text: expected a number, got \"12\"");
  CHECK(error_of([&] { residential.number("thousands"); }) ==
        "scenarios/x.yaml:9:16: costs.residential.thousands: expected a number, got \"1,000\" "
        "(write numbers without thousands separators)");
  CHECK(error_of([&] { residential.number("percent"); }) ==
        "scenarios/x.yaml:10:14: costs.residential.percent: expected a number, got \"4%\" "
        "(write a percentage as a fraction: 4% is 0.04)");
  CHECK(error_of([&] { residential.number("list"); }) ==
        "scenarios/x.yaml:11:11: costs.residential.list: expected a number, got a list");
}

TEST_CASE("spelled-out infinity and NaN are rejected as non-finite") {
  const ConfigNode tree = parse_yaml_text("a: inf\nb: nan\nc: 1e999\n", "f.yaml");
  ConfigReader top(tree, "");
  CHECK(error_of([&] { top.number("a"); }) == "f.yaml:1:4: a: expected a finite number, got \"inf\"");
  CHECK(error_of([&] { top.number("b"); }) == "f.yaml:2:4: b: expected a finite number, got \"nan\"");
  CHECK(error_of([&] { top.number("c"); }) == "f.yaml:3:4: c: expected a number, got \"1e999\"");
}

TEST_CASE("integers must be whole and inside their range") {
  const ConfigNode tree = parse_yaml_text("horizon: 0\nreplicates: 2.5\nseed: 99999999999999999999\n", "s.yaml");
  ConfigReader top(tree, "");
  CHECK(error_of([&] { top.integer("horizon", 1, 100); }) ==
        "s.yaml:1:10: horizon: expected a whole number between 1 and 100, got 0");
  CHECK(error_of([&] { top.integer("replicates", 1, 10); }) ==
        "s.yaml:2:13: replicates: expected a whole number, got \"2.5\"");
  CHECK(error_of([&] { top.integer("seed", 0, 10); }) ==
        "s.yaml:3:7: seed: whole number out of range, got \"99999999999999999999\"");
}

TEST_CASE("unknown keys are rejected with a suggestion, at every level") {
  const ConfigNode tree = parse_yaml_text("replicats: 5\nnested:\n  horizn: 3\n  zzzzzz: 1\n", "s.yaml");
  ConfigReader top(tree, "");
  top.optional_node("replicates");
  ConfigReader nested = top.map("nested");
  nested.optional_node("horizon");
  CHECK(error_of([&] { top.finish(); }) == "s.yaml:1:1: replicats: unknown key; did you mean \"replicates\"?");
  CHECK(error_of([&] { nested.finish(); }) == "s.yaml:3:3: nested.horizn: unknown key; did you mean \"horizon\"?");
  const ConfigNode other = parse_yaml_text("zzzzzz: 1\n", "t.yaml");
  ConfigReader lone(other, "");
  lone.optional_node("horizon");
  CHECK(error_of([&] { lone.finish(); }) == "t.yaml:1:1: zzzzzz: unknown key");
}

TEST_CASE("missing and empty required settings") {
  const ConfigNode tree = parse_yaml_text("title:\nother: 1\n", "s.yaml");
  ConfigReader top(tree, "");
  CHECK(error_of([&] { top.text("title"); }) == "s.yaml:1:1: title: a value is missing after the colon");
  CHECK(error_of([&] { top.text("model"); }) == "s.yaml:1:1: model: required setting is missing");
}

TEST_CASE("choices suggest the closest allowed value") {
  const ConfigNode tree = parse_yaml_text("setting: residental\n", "s.yaml");
  ConfigReader top(tree, "");
  CHECK(error_of([&] { top.choice("setting", {"residential", "nursing"}); }) ==
        "s.yaml:1:10: setting: unknown value \"residental\"; did you mean \"residential\"?");
}

TEST_CASE("YAML syntax problems: malformed text, tabs, duplicate keys, wrong top level") {
  CHECK(error_of([] { parse_yaml_text("title: [x\n", "m.yaml"); }) ==
        "m.yaml:2:1: not valid YAML: end of sequence flow not found");
  CHECK(error_of([] { parse_yaml_text("a:\n\tb: 1\n", "m.yaml"); }) ==
        "m.yaml:2:1: tab character in indentation; indent YAML with spaces");
  CHECK(error_of([] { parse_yaml_text("a: 1\nb: 2\na: 3\n", "m.yaml"); }) ==
        "m.yaml:3:1: a: duplicate key (first given at line 1)");
  CHECK(error_of([] { parse_yaml_text("- 1\n- 2\n", "m.yaml"); }) ==
        "m.yaml: expected a map of settings at the top level");
  CHECK(error_of([] { parse_yaml_text("", "m.yaml"); }) == "m.yaml: the file is empty; expected a map of settings");
}

TEST_CASE("merging: maps merge key by key, other values are replaced whole") {
  const ConfigNode base = parse_yaml_text("a: 1\nnested:\n  x: 1\n  y: 2\nlist: [1, 2, 3]\n", "base.yaml");
  const ConfigNode over = parse_yaml_text("nested:\n  y: 20\n  z: 30\nlist: [9]\nb: 2\n", "over.yaml");
  const ConfigNode merged = merge_config(base, over);
  REQUIRE(merged.find("a")->scalar == "1");
  CHECK(merged.find("a")->where.file == "base.yaml");
  const ConfigNode* nested = merged.find("nested");
  CHECK(nested->find("x")->scalar == "1");
  CHECK(nested->find("y")->scalar == "20");
  CHECK(nested->find("y")->where.file == "over.yaml");
  CHECK(nested->find("z")->scalar == "30");
  REQUIRE(merged.find("list")->items.size() == 1);
  CHECK(merged.find("list")->items[0].scalar == "9");
  CHECK(merged.find("b")->scalar == "2");
}

TEST_CASE("closest_match finds near misses only") {
  CHECK(closest_match("replicats", {"replicates", "seed"}) == "replicates");
  CHECK(closest_match("sede", {"replicates", "seed"}) == "seed");
  CHECK(closest_match("colour", {"replicates", "seed"}).empty());
}
