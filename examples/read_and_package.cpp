// DEMONSTRATES: reading any OCDS input item by item with ocds::Reader, and writing a release
// package with ocds::PackageWriter and ocds::package_metadata, using only the library.
//
// Usage: example_read_and_package RELEASES_FILE
// Prints a summary on stderr and the release package on stdout.

#include <ocds/core/error.hpp>
#include <ocds/io/output.hpp>
#include <ocds/io/package.hpp>
#include <ocds/io/reader.hpp>

#include <iostream>
#include <set>

int main(int argc, char* argv[]) {
    if (argc != 2) {
        std::cerr << "usage: " << argv[0] << " RELEASES_FILE\n";
        return 2;
    }
    try {
        ocds::Reader reader(argv[1]);
        ocds::PackageWriter writer(ocds::Kind::release_package, 0, "/tmp");
        std::set<std::string> ocids;
        while (auto item = reader.next_item()) {
            if (const std::string* ocid = item->value.find_string("ocid")) {
                ocids.insert(*ocid);
            }
            writer.add(item->value);
        }

        ocds::PackageSettings settings;
        settings.uri = "https://example.org/ocds/releases.json";
        settings.publisher_name = "Example publisher";
        const ocds::Value metadata = ocds::package_metadata(settings, ocds::Value::object(), 1);

        std::cerr << writer.size() << " releases of " << ocids.size() << " contracting processes\n";
        ocds::Output output("-");
        writer.finish(output, metadata);
        output.commit();
    } catch (const ocds::error& e) {
        std::cerr << "error: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
