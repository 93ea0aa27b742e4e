// Small questions about the tree that the rewrite styles share.
#include "fix/parts.hpp"
#include "syntax/parser.hpp"

namespace fanout::fixer {

namespace {

// A name that binds or refers to something; `obj.name` and labels do not.
bool is_name(Node n) {
  if (n.named_count() != 0) return false;
  const std::string_view type = n.type();
  return type.ends_with("identifier") && type != "property_identifier" && type != "statement_identifier";
}

}  // namespace

Node parent_skipping_parens(Node node) {
  Node p = node.parent();
  while (p && p.is(Kind::parenthesized_expression)) p = p.parent();
  return p;
}

Node program_of(Node node) { return node.root(); }

Node type_annotation_of(Node node) {
  for (std::uint32_t i = 0; i < node.named_count(); ++i) {
    if (node.named(i).type() == "type_annotation") return node.named(i);
  }
  return {};
}

bool is_function_like(Node node) { return is_function_kind(node.kind()); }

Node enclosing_function(Node node) {
  const std::vector<Node> chain = node.ancestors();
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    if (is_function_like(*it)) return *it;
  }
  return {};
}

bool is_async(Node function) {
  for (std::uint32_t i = 0; i < function.child_count(); ++i) {
    const Node c = function.child(i);
    if (c.type() == "async") return true;
    // The keyword comes before the parameters and the body.
    if (c.is_named() && !c.is(Kind::comment)) break;
  }
  return false;
}

std::string string_value(std::string_view literal) {
  if (literal.size() >= 2 && (literal.front() == '\'' || literal.front() == '"') && literal.back() == literal.front()) {
    return std::string(literal.substr(1, literal.size() - 2));
  }
  return std::string(literal);
}

std::set<std::string> names_in(Node node, std::string_view text) {
  std::set<std::string> names;
  if (!node) return names;
  walk(node, [&](Node n) {
    if (is_name(n)) names.emplace(text.substr(n.start(), n.end() - n.start()));
    return true;
  });
  return names;
}

std::set<std::string> free_names(Node node, std::string_view text) {
  std::set<std::string> names;
  if (!node) return names;
  walk(node, [&](Node n) {
    if (!is_name(n)) return true;
    const std::string name(text.substr(n.start(), n.end() - n.start()));
    // A parameter of a function inside `node` binds the name there.
    for (Node f = n.parent(); f && !(f == node); f = f.parent()) {
      if (!is_function_like(f)) continue;
      for (const Node& p : f.parameters()) {
        if (names_in(p, text).contains(name)) return true;
      }
    }
    names.insert(name);
    return true;
  });
  return names;
}

std::string free_name(const std::string& base, const std::set<std::string>& taken) {
  if (!taken.contains(base)) return base;
  for (int i = 2;; ++i) {
    std::string candidate = base + std::to_string(i);
    if (!taken.contains(candidate)) return candidate;
  }
}

bool mentions(Node node, std::string_view text, std::string_view name) {
  bool found = false;
  walk(node, [&](Node n) {
    if (found) return false;
    if (is_name(n) && text.substr(n.start(), n.end() - n.start()) == name) {
      found = true;
    }
    return true;
  });
  return found;
}

}  // namespace fanout::fixer
