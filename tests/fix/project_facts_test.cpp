// The project facts the rewrites read (src/fix/project.cpp): the nearest
// package.json and tsconfig.json, `extends` followed, sizes capped, symbolic
// links out of the repository ignored; npm ranges read for their highest
// major version; TypeScript's effective settings.
#include <unistd.h>

#include <filesystem>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "fix/project.hpp"
#include "test_support.hpp"

namespace fanout {
namespace {

namespace fs = std::filesystem;
using fixer::highest_major;
using fixer::read_project_facts;
using fixer::typescript_settings;

class ProjectFacts_ : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            fmt::format("fanout-facts-{}-{}", ::getpid(), ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(root_ / ".git");
  }
  void TearDown() override { fs::remove_all(root_); }
  void write(const std::string& relative, const std::string& text) {
    fs::create_directories((root_ / relative).parent_path());
    fixtest::write_text(root_ / relative, text);
  }
  fs::path root_;
};

TEST_F(ProjectFacts_, NearestPackageJsonWinsAndDeclaresEveryKind) {
  write("package.json", R"({"type": "module", "dependencies": {"bluebird": "^3.7.2"}})");
  write("packages/api/package.json",
        R"({"name": "api", "devDependencies": {"p-map": "^4.0.0"}, "peerDependencies": {"lodash": "*"}})");
  write("packages/api/node_modules/p-map/package.json", R"({"name": "p-map", "version": "4.0.0"})");
  const ProjectFacts facts = read_project_facts((root_ / "packages/api/src/a.js").string(), false);
  EXPECT_EQ(facts.package.path, (root_ / "packages/api/package.json").string());
  EXPECT_EQ(facts.package.type, "");  // the nearest one has none: Node does not look further
  EXPECT_EQ(facts.package.dependencies.count("bluebird"), 0u);
  EXPECT_EQ(facts.package.dependencies.at("p-map"), "^4.0.0");
  EXPECT_EQ(facts.package.dependencies.at("lodash"), "*");
  EXPECT_EQ(facts.package.installed.at("p-map"), "4.0.0");
  EXPECT_EQ(read_project_facts((root_ / "src/b.js").string(), false).package.type, "module");
}

TEST_F(ProjectFacts_, TsconfigFollowsExtendsWithCommentsAndTrailingCommas) {
  write("tsconfig.base.json", "// shared\n{ \"compilerOptions\": { \"esModuleInterop\": true, \"target\": \"ES5\", }, }\n");
  write("node_modules/@tsconfig/strictest/tsconfig.json", R"({"compilerOptions": {"noUncheckedIndexedAccess": true}})");
  write("app/tsconfig.json",
        R"({ "extends": ["../tsconfig.base.json", "@tsconfig/strictest/tsconfig.json"],
             /* the app's own */ "compilerOptions": { "target": "es2020", "module": "NodeNext" } })");
  const ProjectFacts facts = read_project_facts((root_ / "app/src/x.ts").string(), true);
  EXPECT_EQ(facts.typescript.path, (root_ / "app/tsconfig.json").string());
  EXPECT_EQ(facts.typescript.es_module_interop, true);
  EXPECT_EQ(facts.typescript.no_unchecked_indexed_access, true);
  EXPECT_EQ(facts.typescript.target, "es2020");
  EXPECT_EQ(facts.typescript.module, "nodenext");
  EXPECT_FALSE(read_project_facts((root_ / "app/src/x.js").string(), false).typescript.path.size() > 0)
      << "JavaScript files do not read tsconfig.json";
}

TEST_F(ProjectFacts_, ExtendsCycleAndMissingBaseAreHarmless) {
  write("a.json", R"({"extends": "./tsconfig.json", "compilerOptions": {"target": "es5"}})");
  write("tsconfig.json", R"({"extends": ["./a.json", "./missing.json"], "compilerOptions": {"module": "commonjs"}})");
  const ProjectFacts facts = read_project_facts((root_ / "x.ts").string(), true);
  EXPECT_EQ(facts.typescript.module, "commonjs");
  EXPECT_EQ(facts.typescript.target, "es5");
}

TEST_F(ProjectFacts_, LinksOutOfTheRepositoryAndHugeFilesAreNotRead) {
  const fs::path outside = fs::temp_directory_path() / fmt::format("fanout-facts-outside-{}", ::getpid());
  fs::create_directories(outside);
  fixtest::write_text(outside / "package.json", R"({"type": "module", "dependencies": {"p-map": "7"}})");
  fs::create_directories(root_ / "linked");
  fs::create_symlink(outside / "package.json", root_ / "linked/package.json");
  const ProjectFacts linked = read_project_facts((root_ / "linked/a.js").string(), false);
  EXPECT_TRUE(linked.package.dependencies.empty());
  EXPECT_EQ(linked.package.type, "");
  fs::remove_all(outside);

  write("big/package.json", "{\"type\": \"module\", \"x\": \"" + std::string(2u << 20, 'a') + "\"}");
  EXPECT_EQ(read_project_facts((root_ / "big/a.js").string(), false).package.type, "");
  write("broken/package.json", "{ not json");
  EXPECT_EQ(read_project_facts((root_ / "broken/a.js").string(), false).package.path,
            (root_ / "broken/package.json").string());
}

TEST_F(ProjectFacts_, TheSearchStopsAtTheRepositoryRoot) {
  const ProjectFacts facts = read_project_facts((root_ / "deep/er/a.js").string(), false);
  EXPECT_TRUE(facts.package.path.empty());
}

TEST(ProjectFactsRanges, HighestMajorOfNpmRanges) {
  EXPECT_EQ(highest_major("^4.0.0"), 4);
  EXPECT_EQ(highest_major("~4.1"), 4);
  EXPECT_EQ(highest_major("4.x"), 4);
  EXPECT_EQ(highest_major("4"), 4);
  EXPECT_EQ(highest_major("=4.0.0"), 4);
  EXPECT_EQ(highest_major("<5"), 4);
  EXPECT_EQ(highest_major("<5.0.0"), 4);
  EXPECT_EQ(highest_major("<=4.2.0"), 4);
  EXPECT_EQ(highest_major("^2.0.0 || ^4.0.0"), 4);
  EXPECT_EQ(highest_major("npm:p-map@4.0.0"), 4);
  EXPECT_EQ(highest_major("^7.0.0"), 7);
  EXPECT_EQ(highest_major(">=4"), std::nullopt);
  EXPECT_EQ(highest_major("*"), std::nullopt);
  EXPECT_EQ(highest_major("latest"), std::nullopt);
  EXPECT_EQ(highest_major("github:sindresorhus/p-map"), std::nullopt);
  EXPECT_EQ(highest_major("^4.0.0 || >=5"), std::nullopt);
}

TEST(ProjectFactsTypeScript, EffectiveSettingsFollowTypeScriptsDefaults) {
  ProjectFacts facts;
  auto s = typescript_settings(facts, false);  // no tsconfig: ES5, CommonJS, no interop
  EXPECT_TRUE(s.emits_commonjs);
  EXPECT_FALSE(s.default_import_of_cjs);
  EXPECT_FALSE(s.iterates_entries);

  facts.typescript.target = "es2020";  // module defaults to ES2015 then
  s = typescript_settings(facts, false);
  EXPECT_FALSE(s.emits_commonjs);
  EXPECT_TRUE(s.iterates_entries);

  facts.typescript.module = "nodenext";  // interop on; the format is the file's
  EXPECT_TRUE(typescript_settings(facts, false).emits_commonjs);
  EXPECT_FALSE(typescript_settings(facts, true).emits_commonjs);
  EXPECT_TRUE(typescript_settings(facts, true).default_import_of_cjs);

  facts.typescript.module = "commonjs";
  facts.typescript.allow_synthetic_default_imports = true;  // checks, but tsc's CommonJS would read `.default`
  EXPECT_FALSE(typescript_settings(facts, false).default_import_of_cjs);
  facts.typescript.module = "esnext";  // a bundler does the interop
  EXPECT_TRUE(typescript_settings(facts, false).default_import_of_cjs);

  facts.typescript.target = "es5";
  facts.typescript.downlevel_iteration = true;
  EXPECT_TRUE(typescript_settings(facts, false).iterates_entries);
}

}  // namespace
}  // namespace fanout
