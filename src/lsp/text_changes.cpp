#include "lsp/text_changes.hpp"

#include <algorithm>

#include "lsp/line_index.hpp"

namespace fanout::lsp {
namespace {

// tree-sitter's point: only \n ends a row, columns are bytes.
TSPoint point_at(std::string_view text, std::uint32_t offset) {
  const std::string_view before = text.substr(0, offset);
  const auto rows = static_cast<std::uint32_t>(std::count(before.begin(), before.end(), '\n'));
  const std::size_t last = before.rfind('\n');
  const auto column = static_cast<std::uint32_t>(last == std::string_view::npos ? offset : offset - last - 1);
  return {rows, column};
}

// Where `inserted` ends when it is put at `start`.
TSPoint point_after(TSPoint start, std::string_view inserted) {
  const auto rows = static_cast<std::uint32_t>(std::count(inserted.begin(), inserted.end(), '\n'));
  if (rows == 0) return {start.row, start.column + static_cast<std::uint32_t>(inserted.size())};
  return {start.row + rows, static_cast<std::uint32_t>(inserted.size() - inserted.rfind('\n') - 1)};
}

}  // namespace

void apply_change(const nlohmann::json& change, std::string& text, DocumentTree& tree) {
  const std::string& inserted = change.at("text").get_ref<const std::string&>();
  const auto range = change.find("range");
  if (range == change.end() || range->is_null()) {
    text = inserted;
    tree.reset();
    return;
  }
  const LineIndex lines(text);
  std::uint32_t start = lines.offset(read_position(range->at("start")));
  std::uint32_t end = lines.offset(read_position(range->at("end")));
  if (end < start) std::swap(start, end);
  const TSPoint start_point = point_at(text, start);
  const TSPoint old_end_point = point_at(text, end);
  text.replace(start, end - start, inserted);
  tree.edit(TreeEdit{
      .start_byte = start,
      .old_end_byte = end,
      .new_end_byte = start + static_cast<std::uint32_t>(inserted.size()),
      .start_point = start_point,
      .old_end_point = old_end_point,
      .new_end_point = point_after(start_point, inserted),
  });
}

}  // namespace fanout::lsp
