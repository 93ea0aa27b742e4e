// Names users type for enum values, as `{name, value}` tables (style.md:
// names users type are rows). The command line, the configuration reader,
// `--print-config`, the schema test and the fixture header read one table,
// so a new value is one row.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace fanout {

template <typename Enum>
struct NamedValue {
  std::string_view name;
  Enum value;
};

/// The value a name stands for, if the table has it.
template <typename Enum, std::size_t N>
constexpr std::optional<Enum> value_named(const std::array<NamedValue<Enum>, N>& table, std::string_view name) {
  for (const auto& row : table) {
    if (row.name == name) return row.value;
  }
  return std::nullopt;
}

/// The name of a value (the first row that has it).
template <typename Enum, std::size_t N>
constexpr std::string_view name_of(const std::array<NamedValue<Enum>, N>& table, Enum value) {
  for (const auto& row : table) {
    if (row.value == value) return row.name;
  }
  return {};
}

/// The names joined: `bluebird|p-map|for-of` with "|", or a list for a message.
template <typename Enum, std::size_t N>
std::string joined_names(const std::array<NamedValue<Enum>, N>& table, std::string_view separator,
                         std::string_view quote = "") {
  std::string out;
  for (const auto& row : table) {
    if (!out.empty()) out += separator;
    out.append(quote).append(row.name).append(quote);
  }
  return out;
}

}  // namespace fanout
