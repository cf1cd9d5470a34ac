-- Each project's latest monthly report (its month), kept with the project row: the board reads
-- the latest report of 10,000 projects by key instead of grouping 1.2 million reports.
ALTER TABLE projects ADD COLUMN latest_report TEXT;
UPDATE projects SET latest_report =
    (SELECT MAX(month) FROM project_reports r WHERE r.project_id = projects.id);
