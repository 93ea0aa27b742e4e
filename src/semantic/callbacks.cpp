// What a callback starts per element (semantics.md, Unbounded sources, rule 1):
// a call, a `new` or an `await` starts work; pure built-ins, array and string
// methods whose callbacks only read, and continuations on existing promises
// do not; work handed to a limiter is bounded.
#include <algorithm>
#include <span>
#include <string_view>
#include <unordered_set>

#include "semantic/internal.hpp"
#include "syntax/parser.hpp"

namespace fanout::sem {
namespace {

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

Node Engine::root_identifier(Node expression) const {
  Node e = expression.unwrapped();
  for (int hops = 0; hops < 32; ++hops) {
    if (e.is(Kind::member_expression) || e.is(Kind::subscript_expression)) {
      e = e.field(Field::object).unwrapped();
    } else if (e.is(Kind::call_expression)) {
      e = e.field(Field::function).unwrapped();
    } else {
      break;
    }
  }
  return e;
}

bool Engine::module_rooted(Node expression) const {
  Node root = root_identifier(expression);
  if (!root.is(Kind::identifier)) return false;
  const Binding b = resolve(root);
  if (b.kind == BindingKind::import) return true;
  Node value = b.value.unwrapped();
  for (int hops = 0; hops < 4 && (value.is(Kind::member_expression) || value.is(Kind::await_expression)); ++hops) {
    value = (value.is(Kind::await_expression) ? value.named(0) : value.field(Field::object)).unwrapped();
  }
  return value.is(Kind::call_expression) && text(value.field(Field::function).unwrapped()) == "require";
}

bool Engine::is_limiter_call(Node call) const {
  const Node callee = call.field(Field::function).unwrapped();
  if (callee.is(Kind::identifier)) {
    const Binding b = resolve(callee);
    Node value = b.value.unwrapped();
    if (value.is(Kind::call_expression)) {
      // `const limit = pLimit(4)`
      const Node factory = value.field(Field::function).unwrapped();
      if (library_of(factory).library == Library::p_limit) return true;
      if (is_limiter_factory(text(factory))) return true;
      // `const enqueue = queue.add.bind(queue)`
      if (factory.is(Kind::member_expression) && text(factory.field(Field::property)) == "bind") {
        value = factory.field(Field::object).unwrapped();
      }
    }
    // `const schedule = limiter.schedule`: a limiter's method by another name.
    if (value.is(Kind::member_expression) && !b.destructured) return is_limiter_method(value);
    // A limiter handed in from elsewhere is recognised by its name.
    if (!b || b.kind == BindingKind::param) return is_limiter_name(text(callee));
    return false;
  }
  return callee.is(Kind::member_expression) && is_limiter_method(callee);
}

bool Engine::is_limiter_method(Node callee) const {
  const std::string_view method = text(callee.field(Field::property));
  const Node object = callee.field(Field::object).unwrapped();
  Library lib = Library::none;
  std::string_view constructor;
  if (object.is(Kind::identifier)) {
    const Node value = resolve(object).value.unwrapped();
    if (value.is(Kind::new_expression)) {
      const Node c = value.field(Field::constructor);
      lib = library_of(c).library;
      constructor = text(c);
    }
  }
  const auto listed = [](std::span<const std::string_view> names, std::string_view name) {
    return std::find(names.begin(), names.end(), name) != names.end();
  };
  // `new PQueue().add(fn)`: the library or constructor decides.
  for (const LimiterRow& row : limiter_rows()) {
    if (lib == row.library || listed(row.constructors, constructor)) return listed(row.methods, method);
  }
  // `this.queue.add(...)`, `this.limiter.schedule(...)`: known by their names.
  const std::string_view receiver = text(object);
  for (const LimiterRow& row : limiter_rows()) {
    if (!listed(row.methods, method)) continue;
    return std::any_of(row.receiver_hints.begin(), row.receiver_hints.end(),
                       [&](std::string_view hint) { return contains_ci(receiver, hint); });
  }
  return false;
}

bool Engine::is_pure_call(Node call) const {
  const Node callee = call.field(Field::function).unwrapped();
  bool pure = false;
  if (callee.is(Kind::identifier)) {
    const Binding b = resolve(callee);
    if (!b) {
      pure = is_pure_function(text(callee));
    } else if (b.destructured || (b.kind == BindingKind::import && !b.member.empty())) {
      // `join` imported from `path`, or `const { join } = require('path')`.
      pure = is_path_module(b);
    } else if (b.kind == BindingKind::function || b.value) {
      // A helper declared in this file that only computes values.
      Node fn = b.kind == BindingKind::function ? b.declaration : b.value.unwrapped();
      if (fn.is_function() && !in_progress.contains(key(fn))) {
        DepthGuard guard(*this);
        if (guard.exceeded()) return false;
        in_progress.insert(key(fn));
        pure = !starts_work(fn.field(Field::body), nullptr);
        in_progress.erase(key(fn));
      }
    }
  } else if (callee.is(Kind::member_expression)) {
    pure = is_pure_method_call(call, callee);
  }
  return pure && arguments_only_read(call);
}

bool Engine::is_path_module(const Binding& b) const {
  // Node's `path` module computes strings: `import { join } from 'node:path'`,
  // `const path = require('path')`, `const { join } = require('path')`.
  if (b.kind != BindingKind::import && !b.value) return false;
  const Node value = b.value.unwrapped();
  std::optional<std::string> spec;
  if (b.kind == BindingKind::import) {
    spec = b.declaration.field(Field::source).string_value(file.text());
  } else if (value.is(Kind::call_expression) && text(value.field(Field::function)) == "require") {
    const auto args = value.arguments();
    if (!args.empty()) spec = args[0].string_value(file.text());
  }
  return spec && (*spec == "path" || *spec == "node:path" || *spec == "path/posix" || *spec == "node:path/posix" ||
                  *spec == "path/win32" || *spec == "node:path/win32");
}

bool Engine::is_pure_method_call(Node call, Node callee) const {
  const Node object = callee.field(Field::object).unwrapped();
  const std::string_view method = text(callee.field(Field::property));
  if (object.is(Kind::identifier)) {
    const std::string_view ns = text(object);
    const Binding b = resolve(object);
    if (!b && is_pure_namespace(ns)) {
      // Promise.resolve/reject create settled promises; Promise.all & co. are sinks of their own.
      if (ns != "Promise" || method == "resolve" || method == "reject") return true;
    } else if (b && is_path_module(b)) {
      return true;
    }
    if (array_method_has(method, ArrayTrait::reads_map_or_set)) {
      // Reading a Map or Set built in this file starts nothing.
      const Node value = resolve(object).value.unwrapped();
      if (value.is(Kind::new_expression)) {
        const std::string_view ctor = text(value.field(Field::constructor));
        if (ctor == "Map" || ctor == "Set" || ctor == "WeakMap" || ctor == "WeakSet") return true;
      }
    }
  }
  const ArrayMethodRow* row = array_method(method);
  if (row == nullptr || !row->has(ArrayTrait::pure)) return false;
  if (module_rooted(callee.field(Field::object))) {
    // `api.push(d)`, `db.replace(doc)`: a method of a required module is a
    // service call, whatever its name; lodash's are the pure exception.
    return library_of(root_identifier(callee.field(Field::object))).library == Library::lodash;
  }
  // Names shared with data-access APIs (`db.find(id)`, `redis.keys(p)`) are
  // array methods only in their array shape: with a callback, or no argument.
  const auto args = call.arguments();
  if (row->has(ArrayTrait::callback_shape)) {
    if (method == "sort" && args.empty()) return true;
    return !args.empty() &&
           (args[0].unwrapped().is_function() || (method == "filter" && text(args[0]) == "Boolean"));
  }
  if (row->has(ArrayTrait::no_argument_shape)) return args.empty();
  return true;
}

bool Engine::arguments_only_read(Node call) const {
  const bool takes_callback = array_method_has(call.member_name(file.text()), ArrayTrait::checks_callback);
  for (Node arg : call.arguments()) {
    const Node a = arg.unwrapped();
    if (a.is_function() && starts_work(a.field(Field::body), nullptr)) return false;
    if (takes_callback && a.is(Kind::identifier) && !is_pure_function(text(a))) {
      const Binding b = resolve(a);
      const Node fn = b.kind == BindingKind::function ? b.declaration : b.value.unwrapped();
      // `.then(save)`, `.map(load)`: a reference to a function that may start work.
      if (b.kind == BindingKind::import || b.kind == BindingKind::param) return false;
      if (fn.is_function() && starts_work(fn.field(Field::body), nullptr)) return false;
    }
  }
  return true;
}

namespace {

// The calls whose result expression `e` hands on: `e` itself, or inside
// parentheses, `?:` branches, `&&`/`||`/`??` and `await`. When a callback
// returns or awaits such a call, that call is the work each element starts;
// a call that is only tested or stored first (`dirent.isDirectory()`,
// `map.get(key)`) names it less well. Marked from the `return` or `await`
// down, so that no call needs its ancestors.
void mark_handed_on(Node e, std::string_view source, std::unordered_set<std::uint64_t>& calls) {
  std::vector<Node> pending{e};
  while (!pending.empty()) {
    const Node x = pending.back().unwrapped();
    pending.pop_back();
    if (!x) continue;
    switch (x.kind()) {
      case Kind::call_expression:
        calls.insert((std::uint64_t{x.start()} << 32) | x.end());
        break;
      case Kind::ternary_expression:
        pending.push_back(x.field(Field::consequence));
        pending.push_back(x.field(Field::alternative));
        break;
      case Kind::binary_expression: {
        const std::string_view op = x.field(Field::operator_).text(source);
        if (op == "&&" || op == "||" || op == "??") {
          pending.push_back(x.field(Field::left));
          pending.push_back(x.field(Field::right));
        }
        break;
      }
      case Kind::await_expression:
      case Kind::return_statement:
        if (x.named_count() > 0) pending.push_back(x.named(0));
        break;
      default:
        break;
    }
  }
}

}  // namespace

bool Engine::starts_work(Node body, CallbackFacts* facts, bool awaited_done) const {
  if (!body) return false;
  DepthGuard guard(*this);
  if (guard.exceeded()) return true;
  bool work = false;
  bool named_handed_on = false;  // the work named is a call whose result is handed on
  std::unordered_set<std::uint64_t> handed_on_calls;  // by start and end byte
  if (facts) mark_handed_on(body, file.text(), handed_on_calls);  // an arrow's expression body
  walk(body, [&](Node n) {
    if (work && facts == nullptr) return false;  // the first work is enough
    if (n != body && n.is_function()) return false;
    if (facts && !named_handed_on && (n.is(Kind::return_statement) || n.is(Kind::await_expression))) {
      mark_handed_on(n, file.text(), handed_on_calls);
    }
    switch (n.kind()) {
      case Kind::call_expression: {
        if (is_limiter_call(n)) {
          if (facts) facts->limited = true;
          return false;
        }
        if (is_pure_call(n)) return true;
        work = true;
        const bool handed_on =
            facts && !named_handed_on && handed_on_calls.contains((std::uint64_t{n.start()} << 32) | n.end());
        if (facts && (facts->work.empty() || handed_on)) {
          named_handed_on = handed_on;
          // Name the call by the root of its chain: `got(url).text()` starts `got`.
          Node callee = n.field(Field::function).unwrapped();
          for (;;) {
            if (!callee.is(Kind::member_expression)) break;
            Node object = callee.field(Field::object).unwrapped();
            if (!object.is(Kind::call_expression)) break;
            callee = object.field(Field::function).unwrapped();
          }
          facts->work = std::string(text(callee));
          facts->work_span = Span{callee.start(), callee.end()};
        }
        return facts != nullptr;  // without facts, the first work is enough
      }
      case Kind::new_expression: {
        Node c = n.field(Field::constructor).unwrapped();
        if (is_pure_constructor(text(c)) && !resolve(c)) return true;
        work = true;
        if (facts && facts->work.empty()) {
          facts->work = "new " + std::string(text(c));
          facts->work_span = Span{n.start(), c.end()};
        }
        return facts != nullptr;
      }
      case Kind::await_expression:
        // A value pushed after an `await` is settled: the awaited work is done.
        if (awaited_done) return false;
        work = true;
        return true;
      default:
        return !work || facts != nullptr;
    }
  });
  return work;
}

CallbackFacts Engine::callback(Node cb, bool task_factories) const {
  CallbackFacts facts;
  Node fn = cb.unwrapped();
  if (fn.is(Kind::identifier) || fn.is(Kind::member_expression)) return referenced_callback(fn, task_factories);
  if (fn.is(Kind::call_expression)) {
    // `fn.bind(this)` is `fn`; any other call returns a function we cannot see.
    Node callee = fn.field(Field::function).unwrapped();
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
  if (!fn.is_function()) return facts;
  facts.is_function = true;
  facts.is_async = has_async_keyword(fn);
  const auto params = fn.parameters();
  facts.param_count = static_cast<std::uint32_t>(params.size());
  const Node body = fn.field(Field::body);
  if (params.size() >= 3) facts.uses_third_param = third_parameter_used(params[2], body);
  if (task_factories) facts.returns_task = returns_function(body);
  facts.starts_work = starts_work(body, &facts) || facts.returns_task;
  return facts;
}

CallbackFacts Engine::referenced_callback(Node fn, bool task_factories) const {
  CallbackFacts facts;
  const std::string_view name = text(fn);
  if (fn.is(Kind::identifier) && is_pure_function(name) && !resolve(fn)) return facts;
  if (fn.is(Kind::member_expression)) {
    Node object = fn.field(Field::object).unwrapped();
    if (object.is(Kind::identifier) && is_pure_namespace(text(object)) && !resolve(object)) return facts;
  }
  // A reference starts work (semantics.md rule 1), unless it names a local
  // function that we can read and that only computes values.
  facts.starts_work = true;
  facts.work = std::string(name);
  facts.work_span = Span{fn.start(), fn.end()};
  if (!fn.is(Kind::identifier)) return facts;
  const Binding b = resolve(fn);
  const Node decl = b.kind == BindingKind::function ? b.declaration : b.value.unwrapped();
  if (!decl.is_function() || in_progress.contains(key(decl))) return facts;
  in_progress.insert(key(decl));
  const CallbackFacts inner = callback(decl, task_factories);
  in_progress.erase(key(decl));
  facts.is_function = true;
  facts.is_async = inner.is_async;
  facts.param_count = inner.param_count;
  facts.uses_third_param = inner.param_count >= 3;
  facts.limited = inner.limited;
  facts.returns_task = inner.returns_task;
  facts.starts_work = inner.starts_work || inner.is_async;
  return facts;
}

bool Engine::third_parameter_used(Node third, Node body) const {
  // The third parameter (`array` for .map) counts as used when named in the
  // body; a pattern or default counts as used.
  if (!third.is(Kind::identifier) && !third.is(Kind::required_parameter)) return true;
  const std::string_view name = text(third.is(Kind::required_parameter) ? third.field(Field::pattern) : third);
  bool used = false;
  walk(body, [&](Node n) {
    if (used) return false;
    if ((n.is(Kind::identifier) || n.is(Kind::shorthand_property_identifier)) && text(n) == name) used = true;
    return true;
  });
  return used;
}

bool Engine::returns_function(Node body) const {
  // A task factory: `(h) => (done) => ping(h, done)`, or one that returns a function.
  const Node b = body.unwrapped();
  if (b.is_function()) return true;
  bool returns = false;
  if (b.is(Kind::statement_block)) {
    walk(b, [&](Node n) {
      if (n != b && n.is_function()) return false;
      if (n.is(Kind::return_statement) && n.named(0).unwrapped().is_function()) returns = true;
      return !returns;
    });
  }
  return returns;
}

}  // namespace fanout::sem
