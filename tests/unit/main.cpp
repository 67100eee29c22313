#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <iostream>

namespace {

/// How many test cases the run's filters let through; -1 until a run ends (a listing is no run).
int g_selected = -1;

/// Counts the test cases a run selects. CTest runs each test case by its name: a name CTest cuts
/// in two (';' separates its lists) selected none, and the run passed without testing anything.
class SelectionListener : public doctest::IReporter {
public:
    explicit SelectionListener(const doctest::ContextOptions&) {}
    void report_query(const doctest::QueryData&) override {}
    void test_run_start() override {}
    void test_run_end(const doctest::TestRunStats& stats) override {
        g_selected = static_cast<int>(stats.numTestCasesPassingFilters);
    }
    void test_case_start(const doctest::TestCaseData&) override {}
    void test_case_reenter(const doctest::TestCaseData&) override {}
    void test_case_end(const doctest::CurrentTestCaseStats&) override {}
    void test_case_exception(const doctest::TestCaseException&) override {}
    void subcase_start(const doctest::SubcaseSignature&) override {}
    void subcase_end() override {}
    void log_assert(const doctest::AssertData&) override {}
    void log_message(const doctest::MessageData&) override {}
    void test_case_skipped(const doctest::TestCaseData&) override {}
};

DOCTEST_REGISTER_LISTENER("selection", 1, SelectionListener);

} // namespace

int main(int argc, char** argv) {
    doctest::Context context(argc, argv);
    const int result = context.run();
    if (result == 0 && g_selected == 0) {
        std::cerr << "unit_tests: no test case matches the filters: nothing was tested\n";
        return 1;
    }
    return result;
}
