#include "carecast/report/export.h"

#include <fstream>

#include "carecast/core/error.h"
#include "carecast/output/pending_folder.h"
#include "carecast/output/pending_output.h"
#include "carecast/report/csv_export.h"
#include "carecast/report/run_reader.h"
#include "carecast/report/workbook.h"

namespace carecast::report {

void export_run(const ExportRequest& request) {
  if (!request.csv_folder && !request.workbook) {
    throw InputError("export: nothing to write; give --csv FOLDER, --xlsx FILE or both");
  }
  if (request.replicates && !request.csv_folder) throw InputError("export: --replicates needs --csv FOLDER");
  std::optional<PendingOutput> workbook_output;
  if (request.workbook) workbook_output.emplace(*request.workbook, request.overwrite);
  const RunReader run(request.run);
  std::vector<CsvFile> files;
  std::vector<std::string> paths;
  std::optional<PendingFolder> folder;
  if (request.csv_folder) {
    files = csv_files(run, request.replicates);
    for (const CsvFile& file : files) paths.push_back(file.path);
    folder.emplace(*request.csv_folder, paths, request.overwrite);
  }

  for (const CsvFile& file : files) {
    const std::filesystem::path path = folder->staged(file.path);
    std::ofstream out(path, std::ios::binary);
    write_csv_file(out, run, file);
    out.close();
    if (!out) throw WriteError::from_errno(path, "write");
  }
  if (workbook_output) write_workbook(workbook_tables(run), run.info().title, workbook_output->temporary());

  if (folder) folder->commit();
  if (workbook_output) workbook_output->commit();
}

}  // namespace carecast::report
