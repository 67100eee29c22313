#include "command.hpp"

#include "command_build.hpp"
#include "command_combine.hpp"
#include "command_compile.hpp"
#include "command_detect_format.hpp"
#include "command_flatten.hpp"
#include "command_help.hpp"
#include "command_indicators.hpp"
#include "command_package.hpp"
#include "command_publish.hpp"
#include "command_pull.hpp"
#include "command_split.hpp"
#include "command_map.hpp"
#include "command_update.hpp"
#include "command_validate.hpp"

namespace ocds::cli {

namespace {

template<typename T>
std::unique_ptr<Command> create() {
    return std::make_unique<T>();
}

} // namespace

const std::vector<CommandInfo>& commands() {
    static const std::vector<CommandInfo> registry{
        {"detect-format", "say what each input is: release package, record package, JSON Lines of releases, ...",
         &create<CommandDetectFormat>},
        {"package", "wrap releases or records into packages with publisher metadata", &create<CommandPackage>},
        {"combine", "merge packages of one kind into one package", &create<CommandCombine>},
        {"compile", "merge releases into compiled releases, versioned releases or records; --check records",
         &create<CommandCompile>},
        {"validate", "check OCDS data against the schema and the Data Review Tool's checks, and more",
         &create<CommandValidate>},
        {"map", "map participatory-budget project records into OCDS releases, writing only what changed",
         &create<CommandMap>},
        {"build",
         "build the publication tree from the release store: release and record files, bulk downloads, manifest",
         &create<CommandBuild>},
        {"publish", "send the built site's current version to a folder, a WebDAV server or an S3 bucket, incrementally",
         &create<CommandPublish>},
        {"update",
         "the nightly job: from CONSUL (or JSON Lines) to the published site, map, build, publish, under a lock",
         &create<CommandUpdate>},
        {"pull", "download a publication's bulk files and verify every sha256; resumes", &create<CommandPull>},
        {"indicators", "compute the participatory budget's execution, feasibility and follow-up indicators",
         &create<CommandIndicators>},
        {"flatten", "turn compiled releases into CSV tables for spreadsheets: processes, parties, awards, ...",
         &create<CommandFlatten>},
        {"split", "split packages into smaller ones of at most N items", &create<CommandSplit>},
        {"help", "show the help of a command", &create<CommandHelp>},
    };
    return registry;
}

} // namespace ocds::cli
