// What a callback starts per element (semantics.md, Unbounded sources, rule 1):
// a call, a `new` or an `await` starts work; pure built-ins, array and string
// methods whose callbacks only read, and continuations on existing promises
// do not; work handed to a limiter is bounded.
#include <array>
#include <string_view>

#include "semantic/internal.hpp"
#include "syntax/parser.hpp"

namespace fanout {
namespace {

constexpr std::array<std::string_view, 18> kPureFunctions = {
    "String", "Number", "Boolean", "parseInt", "parseFloat", "isNaN", "isFinite", "encodeURIComponent",
    "decodeURIComponent", "encodeURI", "decodeURI", "BigInt", "Symbol", "Array", "Object", "structuredClone",
    "escape", "unescape"};

constexpr std::array<std::string_view, 14> kPureNamespaces = {
    "Math", "JSON", "Object", "Array", "Number", "String", "Date", "Symbol", "Reflect", "BigInt", "Intl",
    "console", "Buffer", "Promise"};

// Array, string, Map/Set and Date methods that compute values and start nothing
// themselves (their function arguments are checked separately).
constexpr std::array<std::string_view, 74> kPureMethods = {
    "map", "filter", "join", "slice", "concat", "includes", "indexOf", "lastIndexOf", "find", "findIndex",
    "findLast", "findLastIndex", "some", "every", "reduce", "reduceRight", "flat", "flatMap", "sort",
    "reverse", "at", "keys", "values", "entries", "toString", "toFixed", "toPrecision", "trim", "trimStart",
    "trimEnd", "toLowerCase", "toUpperCase", "toLocaleLowerCase", "toLocaleUpperCase", "split", "replace",
    "replaceAll", "match", "matchAll", "test", "startsWith", "endsWith", "padStart", "padEnd",
    "charAt", "charCodeAt", "codePointAt", "substring", "substr", "localeCompare", "has", "toISOString",
    "toJSON", "getTime", "valueOf", "normalize", "repeat", "fill", "push", "pop", "shift", "unshift",
    "forEach", "toSorted", "toReversed", "with", "bind", "then", "catch", "finally", "toLocaleString",
    "toLocaleDateString", "getFullYear", "isArray"};

// Array methods that take a callback; other objects have methods of these names.
constexpr std::array<std::string_view, 14> kCallbackMethods = {
    "map", "filter", "find", "findIndex", "findLast", "findLastIndex", "some", "every",
    "reduce", "reduceRight", "flatMap", "forEach", "sort", "toSorted"};

constexpr std::array<std::string_view, 16> kPureConstructors = {
    "Date", "Map", "Set", "WeakMap", "WeakSet", "URL", "URLSearchParams", "RegExp", "Error", "TypeError",
    "RangeError", "Array", "Object", "TextEncoder", "TextDecoder", "AbortController"};

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& list, std::string_view name) {
  for (auto item : list) {
    if (item == name) return true;
  }
  return false;
}

bool has_async_keyword(Node fn) {
  for (std::uint32_t i = 0; i < fn.child_count(); ++i) {
    Node c = fn.child(i);
    if (c.is_named()) break;
    if (c.type() == "async") return true;
  }
  return false;
}

bool contains_ci(std::string_view haystack, std::string_view needle) {
  if (needle.size() > haystack.size()) return false;
  for (std::size_t i = 0; i + needle.size() <= haystack.size(); ++i) {
    bool match = true;
    for (std::size_t j = 0; j < needle.size() && match; ++j) {
      char a = haystack[i + j];
      if (a >= 'A' && a <= 'Z') a = static_cast<char>(a - 'A' + 'a');
      match = a == needle[j];
    }
    if (match) return true;
  }
  return false;
}

}  // namespace

Node Semantic::Impl::root_identifier(Node expression) const {
  Node e = sem::unwrap(expression);
  for (int hops = 0; hops < 32; ++hops) {
    if (e.is(Kind::member_expression) || e.is(Kind::subscript_expression)) {
      e = sem::unwrap(e.field(Field::object));
    } else if (e.is(Kind::call_expression)) {
      e = sem::unwrap(e.field(Field::function));
    } else {
      break;
    }
  }
  return e;
}

bool Semantic::Impl::module_rooted(Node expression) const {
  Node root = root_identifier(expression);
  if (!root.is(Kind::identifier)) return false;
  const sem::Binding b = resolve(root);
  if (b.kind == sem::BindingKind::import) return true;
  Node value = sem::unwrap(b.value);
  for (int hops = 0; hops < 4 && (value.is(Kind::member_expression) || value.is(Kind::await_expression)); ++hops) {
    value = sem::unwrap(value.is(Kind::await_expression) ? value.named(0) : value.field(Field::object));
  }
  return value.is(Kind::call_expression) && text(sem::unwrap(value.field(Field::function))) == "require";
}

bool Semantic::Impl::is_limiter_call(Node call) const {
  Node callee = sem::unwrap(call.field(Field::function));
  if (callee.is(Kind::identifier)) {
    const sem::Binding b = resolve(callee);
    Node value = sem::unwrap(b.value);
    if (value.is(Kind::call_expression)) {
      // `const limit = pLimit(4)`
      Node factory = sem::unwrap(value.field(Field::function));
      if (library_of(factory).library == Library::p_limit) return true;
      const std::string_view f = text(factory);
      if (f == "pLimit" || f == "pThrottle" || f == "throat" || f == "limitFunction" || f == "plimit") return true;
    }
    // A limiter handed in from elsewhere is recognised by its name.
    if (!b || b.kind == sem::BindingKind::param) {
      const std::string_view n = text(callee);
      return n == "limit" || n == "limiter" || n == "throttle" || n == "pLimit";
    }
    return false;
  }
  if (!callee.is(Kind::member_expression)) return false;
  const std::string_view method = text(callee.field(Field::property));
  Node object = sem::unwrap(callee.field(Field::object));
  Library lib = Library::none;
  std::string_view constructor;
  if (object.is(Kind::identifier)) {
    Node value = sem::unwrap(resolve(object).value);
    if (value.is(Kind::new_expression)) {
      Node c = value.field(Field::constructor);
      lib = library_of(c).library;
      constructor = text(c);
    }
  }
  const bool queue_method = method == "add" || method == "addAll";
  const bool schedule_method = method == "schedule" || method == "wrap" || method == "submit";
  const bool lock_method = method == "acquire" || method == "runExclusive" || method == "waitForUnlock" ||
                           method == "use";
  if (lib == Library::p_queue || constructor == "PQueue") return queue_method;
  if (lib == Library::bottleneck || constructor == "Bottleneck") return schedule_method;
  if (lib == Library::semaphore || constructor == "Semaphore" || constructor == "Mutex" || constructor == "Sema") {
    return lock_method;
  }
  // `this.queue.add(...)`, `this.limiter.schedule(...)`: known by their names.
  const std::string_view receiver = text(object);
  if (queue_method) return contains_ci(receiver, "queue");
  if (schedule_method) return contains_ci(receiver, "limit") || contains_ci(receiver, "bottleneck");
  if (lock_method) {
    return contains_ci(receiver, "sem") || contains_ci(receiver, "mutex") || contains_ci(receiver, "lock") ||
           contains_ci(receiver, "limit");
  }
  return false;
}

bool Semantic::Impl::is_pure_call(Node call) const {
  Node callee = sem::unwrap(call.field(Field::function));
  bool pure = false;
  if (callee.is(Kind::identifier)) {
    const sem::Binding b = resolve(callee);
    if (!b) {
      pure = contains(kPureFunctions, text(callee));
    } else if (b.kind == sem::BindingKind::function || b.value) {
      // A helper declared in this file that only computes values.
      Node fn = b.kind == sem::BindingKind::function ? b.declaration : sem::unwrap(b.value);
      if (sem::is_function_like(fn.kind()) && !in_progress.contains(sem::key(fn))) {
        DepthGuard guard(*this);
        if (guard.exceeded()) return false;
        in_progress.insert(sem::key(fn));
        pure = !starts_work(fn.field(Field::body), nullptr);
        in_progress.erase(sem::key(fn));
      }
    }
  } else if (callee.is(Kind::member_expression)) {
    Node object = sem::unwrap(callee.field(Field::object));
    const std::string_view method = text(callee.field(Field::property));
    if (object.is(Kind::identifier)) {
      const std::string_view ns = text(object);
      const sem::Binding b = resolve(object);
      if (!b && contains(kPureNamespaces, ns)) {
        // Promise.resolve/reject create settled promises; Promise.all & co. are sinks of their own.
        pure = ns != "Promise" || method == "resolve" || method == "reject";
      } else if (b && (b.kind == sem::BindingKind::import || b.value)) {
        // Node's `path` module computes strings.
        Node value = sem::unwrap(b.value);
        std::optional<std::string> spec;
        if (b.kind == sem::BindingKind::import) {
          spec = sem::string_value(b.declaration.field(Field::source), file);
        } else if (value.is(Kind::call_expression) && text(value.field(Field::function)) == "require") {
          const auto args = sem::arguments_of(value);
          if (!args.empty()) spec = sem::string_value(args[0], file);
        }
        if (spec && (*spec == "path" || *spec == "node:path" || *spec == "path/posix" || *spec == "node:path/posix")) {
          pure = true;
        }
      }
    }
    if (!pure && object.is(Kind::identifier) &&
        (method == "get" || method == "has" || method == "keys" || method == "values" || method == "entries")) {
      // Reading a Map or Set built in this file starts nothing.
      Node value = sem::unwrap(resolve(object).value);
      if (value.is(Kind::new_expression)) {
        const std::string_view ctor = text(value.field(Field::constructor));
        pure = ctor == "Map" || ctor == "Set" || ctor == "WeakMap" || ctor == "WeakSet";
      }
    }
    if (!pure && contains(kPureMethods, method) && module_rooted(callee.field(Field::object))) {
      // `api.push(d)`, `db.replace(doc)`: a method of a required module is a
      // service call, whatever its name; lodash's are the pure exception.
      const LibraryBinding lib = library_of(root_identifier(callee.field(Field::object)));
      if (lib.library != Library::lodash) return false;
      pure = true;
    }
    if (!pure && contains(kPureMethods, method)) {
      // Names shared with data-access APIs (`db.find(id)`, `redis.keys(p)`) are
      // array methods only in their array shape: with a callback, or no argument.
      const auto args = sem::arguments_of(call);
      if (contains(kCallbackMethods, method)) {
        pure = !args.empty() && (sem::is_function_like(sem::unwrap(args[0]).kind()) ||
                                 (method == "filter" && text(args[0]) == "Boolean"));
        if (method == "sort" && args.empty()) pure = true;
      } else if (method == "keys" || method == "values" || method == "entries") {
        pure = args.empty();
      } else {
        pure = true;
      }
    }
  }
  if (!pure) return false;
  // Function arguments must only read values too: `tags.map((t) => t.name)`.
  const std::string_view method = sem::member_name(call, file);
  const bool takes_callback = method == "map" || method == "flatMap" || method == "filter" || method == "forEach" ||
                              method == "reduce" || method == "reduceRight" || method == "some" || method == "every" ||
                              method == "find" || method == "findIndex" || method == "then" || method == "catch" ||
                              method == "finally" || method == "sort";
  for (Node arg : sem::arguments_of(call)) {
    Node a = sem::unwrap(arg);
    if (sem::is_function_like(a.kind()) && starts_work(a.field(Field::body), nullptr)) return false;
    if (takes_callback && a.is(Kind::identifier) && !contains(kPureFunctions, text(a))) {
      const sem::Binding b = resolve(a);
      Node fn = b.kind == sem::BindingKind::function ? b.declaration : sem::unwrap(b.value);
      // `.then(save)`, `.map(load)`: a reference to a function that may start work.
      if (b.kind == sem::BindingKind::import || b.kind == sem::BindingKind::param) return false;
      if (sem::is_function_like(fn.kind()) && starts_work(fn.field(Field::body), nullptr)) return false;
    }
  }
  return true;
}

bool Semantic::Impl::starts_work(Node body, CallbackFacts* facts) const {
  if (!body) return false;
  DepthGuard guard(*this);
  if (guard.exceeded()) return true;
  bool work = false;
  walk(body, [&](Node n) {
    if (work && facts == nullptr) return false;  // the first work is enough
    if (n != body && sem::is_function_like(n.kind())) return false;
    switch (n.kind()) {
      case Kind::call_expression: {
        if (is_limiter_call(n)) {
          if (facts) facts->limited = true;
          return false;
        }
        if (is_pure_call(n)) return true;
        work = true;
        if (facts && facts->work.empty()) {
          // Name the call by the root of its chain: `got(url).text()` starts `got`.
          Node callee = sem::unwrap(n.field(Field::function));
          for (;;) {
            if (!callee.is(Kind::member_expression)) break;
            Node object = sem::unwrap(callee.field(Field::object));
            if (!object.is(Kind::call_expression)) break;
            callee = sem::unwrap(object.field(Field::function));
          }
          facts->work = std::string(text(callee));
          facts->work_span = Span{callee.start(), callee.end()};
        }
        return facts != nullptr;  // without facts, the first work is enough
      }
      case Kind::new_expression: {
        Node c = sem::unwrap(n.field(Field::constructor));
        if (contains(kPureConstructors, text(c)) && !resolve(c)) return true;
        work = true;
        if (facts && facts->work.empty()) {
          facts->work = "new " + std::string(text(c));
          facts->work_span = Span{n.start(), c.end()};
        }
        return facts != nullptr;
      }
      case Kind::await_expression:
        work = true;
        return true;
      default:
        return !work || facts != nullptr;
    }
  });
  return work;
}

CallbackFacts Semantic::Impl::callback(Node cb, bool task_factories) const {
  CallbackFacts facts;
  Node fn = sem::unwrap(cb);
  if (fn.is(Kind::identifier) || fn.is(Kind::member_expression)) {
    const std::string_view name = text(fn);
    if (fn.is(Kind::identifier) && contains(kPureFunctions, name) && !resolve(fn)) return facts;
    if (fn.is(Kind::member_expression)) {
      Node object = sem::unwrap(fn.field(Field::object));
      if (object.is(Kind::identifier) && contains(kPureNamespaces, text(object)) && !resolve(object)) return facts;
    }
    // A reference starts work (semantics.md rule 1), unless it names a local
    // function that we can read and that only computes values.
    facts.starts_work = true;
    facts.work = std::string(name);
    facts.work_span = Span{fn.start(), fn.end()};
    if (fn.is(Kind::identifier)) {
      const sem::Binding b = resolve(fn);
      Node decl = b.kind == sem::BindingKind::function ? b.declaration : sem::unwrap(b.value);
      if (sem::is_function_like(decl.kind()) && !in_progress.contains(sem::key(decl))) {
        in_progress.insert(sem::key(decl));
        CallbackFacts inner = callback(decl, task_factories);
        in_progress.erase(sem::key(decl));
        facts.is_function = true;
        facts.is_async = inner.is_async;
        facts.param_count = inner.param_count;
        facts.uses_third_param = inner.param_count >= 3;
        facts.limited = inner.limited;
        facts.returns_task = inner.returns_task;
        facts.starts_work = inner.starts_work || inner.is_async;
      }
    }
    return facts;
  }
  if (fn.is(Kind::call_expression)) {
    // `fn.bind(this)` is `fn`; any other call returns a function we cannot see.
    Node callee = sem::unwrap(fn.field(Field::function));
    if (callee.is(Kind::member_expression) && text(callee.field(Field::property)) == "bind") {
      return callback(callee.field(Field::object), task_factories);
    }
    facts.starts_work = true;
    facts.work = std::string(text(callee));
    facts.work_span = Span{fn.start(), fn.end()};
    return facts;
  }
  if (fn.is(Kind::ternary_expression)) {
    // `(cached ? fromCache : fetchOne)`: either branch may start work.
    CallbackFacts a = callback(fn.field(Field::consequence), task_factories);
    CallbackFacts b = callback(fn.field(Field::alternative), task_factories);
    return a.starts_work || !b.starts_work ? a : b;
  }
  if (!sem::is_function_like(fn.kind())) return facts;
  facts.is_function = true;
  facts.is_async = has_async_keyword(fn);
  const auto params = sem::parameters_of(fn);
  facts.param_count = static_cast<std::uint32_t>(params.size());
  Node body = fn.field(Field::body);
  if (params.size() >= 3) {
    // The third parameter (`array` for .map) counts as used when named in the body.
    Node third = params[2];
    const std::string_view name = text(third.is(Kind::required_parameter) ? third.field(Field::pattern) : third);
    walk(body, [&](Node n) {
      if (facts.uses_third_param) return false;
      if ((n.is(Kind::identifier) || n.is(Kind::shorthand_property_identifier)) && text(n) == name) {
        facts.uses_third_param = true;
      }
      return true;
    });
    if (!third.is(Kind::identifier) && !third.is(Kind::required_parameter)) facts.uses_third_param = true;
  }
  if (task_factories) {
    Node b = sem::unwrap(body);
    if (sem::is_function_like(b.kind())) facts.returns_task = true;
    if (b.is(Kind::statement_block)) {
      walk(b, [&](Node n) {
        if (n != b && sem::is_function_like(n.kind())) return false;
        if (n.is(Kind::return_statement) && sem::is_function_like(sem::unwrap(n.named(0)).kind())) {
          facts.returns_task = true;
        }
        return !facts.returns_task;
      });
    }
  }
  facts.starts_work = starts_work(body, &facts) || facts.returns_task;
  if (facts.is_async && facts.work.empty() && facts.starts_work) facts.work = "async callback";
  return facts;
}

}  // namespace fanout
