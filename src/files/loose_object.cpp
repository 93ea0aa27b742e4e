#include "files/loose_object.hpp"

#include <algorithm>
#include <charconv>

#include <zlib.h>

#include "files/own_file.hpp"

namespace fanout::files {
namespace {

bool object_id(std::string_view id) {
  return (id.size() == 40 || id.size() == 64) &&
         std::all_of(id.begin(), id.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// Inflates a whole zlib stream (a loose object's file); nullopt when it is
// damaged or would exceed `limit` bytes.
std::optional<std::string> inflate_all(std::string_view compressed, std::size_t limit) {
  z_stream stream{};
  if (inflateInit(&stream) != Z_OK) return std::nullopt;
  std::string out;
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  stream.avail_in = static_cast<uInt>(compressed.size());
  int status = Z_OK;
  while (status == Z_OK) {
    const std::size_t before = out.size();
    const std::size_t room = std::min<std::size_t>(std::max<std::size_t>(before, 16384), limit + 1 - before);
    if (room == 0) break;
    out.resize(before + room);
    stream.next_out = reinterpret_cast<Bytef*>(out.data() + before);
    stream.avail_out = static_cast<uInt>(room);
    status = inflate(&stream, Z_NO_FLUSH);
    out.resize(before + room - stream.avail_out);
  }
  inflateEnd(&stream);
  if (status != Z_STREAM_END || out.size() > limit) return std::nullopt;
  return out;
}

}  // namespace

std::optional<std::string> read_loose_blob(const std::string& git_dir, std::string_view id, std::size_t max_bytes,
                                           const std::string& within) {
  if (!object_id(id)) return std::nullopt;
  const std::string path = git_dir + "/objects/" + std::string(id.substr(0, 2)) + "/" + std::string(id.substr(2));
  // Compressed, an object is rarely larger than its content; a bound keeps
  // a damaged or hostile file from being read whole.
  const OwnFile file = read_own_file(path, max_bytes + 4096, within);
  if (file.status != OwnFile::Status::ok) return std::nullopt;
  const std::size_t header_room = 32;  // "blob " + a decimal size + NUL
  std::optional<std::string> object = inflate_all(file.text, max_bytes + header_room);
  if (!object) return std::nullopt;
  // "blob <size>\0<content>"
  const std::size_t nul = object->find('\0');
  if (!object->starts_with("blob ") || nul == std::string::npos) return std::nullopt;
  std::size_t size = 0;
  const char* first = object->data() + 5;
  const char* last = object->data() + nul;
  if (std::from_chars(first, last, size).ptr != last || size != object->size() - nul - 1 || size > max_bytes) {
    return std::nullopt;
  }
  object->erase(0, nul + 1);
  return object;
}

}  // namespace fanout::files
