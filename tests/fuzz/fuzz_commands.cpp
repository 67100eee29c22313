// libFuzzer targets that run `ocds` commands in-process on the fuzzer's bytes, exactly as the
// command line would (options parsed, outputs written and committed), one target per command
// family (OCDS_FUZZ_FAMILY, set by CMakeLists.txt):
//   formats     detect-format, package releases (split in twos), combine, split
//   compile     compile (compiled, and versioned records in a package), compile --check
//   map         map: the budget-project record reader, checks and mapping, into a fresh store
//   flatten     flatten to CSV tables
//   indicators  indicators as JSON and as CSV
// A command may fail with an ocds::error (exit 1 or 2 on the command line); anything else (a
// crash, a sanitizer report, a hang, a leak, another exception type) is a bug. A usage error
// means this file's own arguments are wrong: stop.

#include "fuzz_input.hpp"

#include "command.hpp"
#include "errors.hpp"

#include <iostream>
#include <streambuf>
#include <vector>

namespace {

/// Standard output nobody reads (detect-format and compile --check report there).
class Discard : public std::streambuf {
protected:
    int overflow(int c) override { return traits_type::not_eof(c); }
    std::streamsize xsputn(const char*, std::streamsize count) override { return count; }
};

std::vector<std::vector<std::string>> command_lines(const std::string& input, const std::string& out) {
    const std::string config = OCDS_SOURCE_DIR "/examples/san-pedro/publisher.ini";
    const std::string family = OCDS_FUZZ_FAMILY;
    if (family == "formats") {
        return {{"detect-format", input},
                {"package", "releases", "-q", "-O", "--max-items", "2", "--uri", "https://example.org/{n}.json",
                 "--published-date", "2024-01-01T00:00:00Z", input, "-o", out + "/package-{n}.json"},
                {"combine", "-q", "-O", input, "-o", out + "/combined.json.gz"},
                {"split", "-q", "-O", "--max-items", "2", input, "-o", out + "/part-{n}.json"}};
    }
    if (family == "compile") {
        return {{"compile", "-q", "-O", "--threads", "1", "--partitions", "4", "--tmpdir", out, input, "-o",
                 out + "/compiled.jsonl"},
                {"compile", "-q", "-O", "--versioned", "--package", "--uri", "https://example.org/r.json",
                 "--published-date", "2024-01-01T00:00:00Z", "--threads", "2", "--tmpdir", out, input, "-o",
                 out + "/records.json"},
                {"compile", "-q", "--check", input}};
    }
    if (family == "map") {
        return {{"map", "-q", "--config", config, "--store", out + "/store", "--now", "2024-09-06T18:00:00Z",
                 "--threads", "2", input, "-o", out + "/releases.json"}};
    }
    if (family == "flatten") {
        return {{"flatten", "-q", "-O", "--tmpdir", out, input, "-o", out + "/tables"}};
    }
    if (family == "indicators") {
        return {{"indicators", "-q", "-O", "--as-of", "2024-09-27T19:00:00Z", "--threads", "2", input, "-o",
                 out + "/indicators.json"},
                {"indicators", "-q", "-O", "--no-quality", "--format", "csv", input, "-o", out + "/indicators.csv"}};
    }
    std::cerr << "fuzz_commands: unknown family " << family << '\n';
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    static Discard discarded;
    std::cout.rdbuf(&discarded);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const fuzz::InputFile input(data, size);
    fuzz::empty_scratch_dir();
    for (const auto& words : command_lines(input.path(), fuzz::scratch_dir())) {
        auto command = ocds::cli::make_command(words.front());
        try {
            if (command->setup({words.begin() + 1, words.end()}, std::cout)) {
                command->run();
            }
        } catch (const ocds::cli::usage_error& e) {
            std::cerr << "fuzz_commands: the harness's own arguments are wrong: " << e.what() << '\n';
            std::abort();
        } catch (const ocds::error&) {
            // a message and exit 1 or 2 on the command line: fine
        }
        std::cout.clear(); // a failed write to it must not silence the next command
    }
    return 0;
}
