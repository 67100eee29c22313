// libFuzzer target (validate): any bytes through the reader and the validator, with its
// profile for the data's version and extensions and the additional checks.

#include "fuzz_input.hpp"

#include <ocds/validate/validation.hpp>

namespace {

class CountingSink : public ocds::FindingSink {
public:
    void begin_file(const std::string&) override {}
    void add(const ocds::Finding& finding) override { total += finding.path.size() + finding.message.size(); }
    void end_file(const ocds::FileSummary&) override {}
    std::size_t total = 0;
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const fuzz::InputFile input(data, size);
    ocds::ValidateOptions options;
    options.sources.schemas_dir = fuzz::schemas_dir();
    options.threads = 2;
    options.read.max_depth = 200;
    CountingSink sink;
    OCDS_FUZZ_EXPECTING_ERRORS(ocds::validate_file(input.path(), options, sink);)
    return 0;
}
