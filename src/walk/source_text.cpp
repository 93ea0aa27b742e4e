#include "walk/source_text.hpp"

#include "fanout/sources.hpp"

namespace fanout {

FileResult analyse_source_text(Analyzer& analyzer, const std::string& path, std::string display,
                               std::string_view text, DocumentTree* document, bool plan_fixes) {
  return analyzer.analyze(std::move(display), text, checked_kind_for_path(path), document, plan_fixes);
}

}  // namespace fanout
