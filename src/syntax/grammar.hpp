// Per-language tables from our Kind/Field enums to tree-sitter ids, resolved
// once (style.md: compare integers, never type strings, on the hot path).
#pragma once

#include <array>
#include <string_view>
#include <vector>

#include "fanout/syntax.hpp"

namespace fanout {

class Grammar {
 public:
  static const Grammar& get(Language language);

  const TSLanguage* language() const { return language_; }
  Language id() const { return id_; }
  Kind kind_of(TSSymbol symbol) const {
    return symbol < kinds_.size() ? kinds_[symbol] : Kind::other;
  }
  TSFieldId field_id(Field field) const { return fields_[static_cast<std::size_t>(field)]; }
  std::uint32_t symbol_count() const { return static_cast<std::uint32_t>(kinds_.size()); }

  /// The grammar names behind our enums (the test checks each resolves).
  static std::string_view kind_name(Kind kind);
  static std::string_view field_name(Field field);
  /// Kinds a grammar does not have (TypeScript-only nodes in JavaScript).
  static bool kind_is_optional(Kind kind, Language language);
  static bool field_is_optional(Field field, Language language);

 private:
  explicit Grammar(Language language);
  Language id_;
  const TSLanguage* language_;
  std::vector<Kind> kinds_;
  std::array<TSFieldId, static_cast<std::size_t>(Field::count_)> fields_{};
};

}  // namespace fanout
