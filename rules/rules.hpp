// One accessor per rule; each is defined in its own folder.
#pragma once

#include "fanout/rule.hpp"

namespace fanout::rules {

const Rule& async_foreach();
const Rule& unbounded_library_map();
const Rule& unbounded_promise_all();
const Rule& unknown_collection();

}  // namespace fanout::rules
