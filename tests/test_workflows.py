"""The CI workflows pass actionlint, and the pre-commit hook runs the content check."""

from __future__ import annotations

import shutil
import subprocess

import yaml

from conftest import REPO


def test_workflows_pass_actionlint():
    actionlint = shutil.which("actionlint")
    assert actionlint, "actionlint is installed with the test dependencies"
    workflows = sorted((REPO / ".github/workflows").glob("*.yml"))
    assert [w.name for w in workflows] == ["ci.yml", "pages.yml"]
    result = subprocess.run([actionlint, "-no-color", *map(str, workflows)], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr


def test_publish_workflow_uses_the_official_pages_actions_and_their_base_url():
    steps = yaml.safe_load((REPO / ".github/workflows/pages.yml").read_text(encoding="utf-8"))["jobs"]
    used = [s.get("uses", "").split("@")[0] for job in steps.values() for s in job["steps"]]
    assert {"actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"} <= set(used)
    build = next(s for s in steps["build"]["steps"] if s.get("name") == "Build")
    assert build["env"]["BASE_URL"] == "${{ steps.pages.outputs.base_url }}"


def test_pull_request_workflow_checks_with_annotations_tests_and_uploads_the_site():
    ci = (REPO / ".github/workflows/ci.yml").read_text(encoding="utf-8")
    assert "digest check --format github" in ci and "scripts/test" in ci and "actions/upload-artifact" in ci


def test_pre_commit_hook_runs_digest_check():
    hooks = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))["repos"][0]["hooks"]
    assert hooks[0]["entry"] == "digest check"


def test_only_the_publish_job_saves_the_store_and_a_pull_request_only_reads_it():
    workflows = {name: yaml.safe_load((REPO / ".github/workflows" / name).read_text(encoding="utf-8"))
                 for name in ("ci.yml", "pages.yml")}
    steps = {name: [s for job in w["jobs"].values() for s in job.get("steps", [])] for name, w in workflows.items()}
    uses = {name: [s.get("uses", "").split("@")[0] for s in found] for name, found in steps.items()}
    assert "actions/cache" not in uses["ci.yml"] + uses["pages.yml"]  # no implicit save at the end of a job
    assert "actions/cache/save" not in uses["ci.yml"] and "actions/cache/restore" in uses["ci.yml"]
    saved = [s for s in steps["pages.yml"] if s.get("uses", "").startswith("actions/cache/save")]
    assert len(saved) == 1 and saved[0]["with"]["key"].startswith("digest-publish-")
    assert ".digest-cache" in saved[0]["with"]["path"]


def test_publish_workflow_rebuilds_daily_just_after_midnight_in_beijing():
    workflow = yaml.safe_load((REPO / ".github/workflows/pages.yml").read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    [schedule] = triggers["schedule"]
    minute, hour, *every_day = schedule["cron"].split()
    assert every_day == ["*", "*", "*"] and (int(hour) + 8) % 24 == 0 and int(minute) < 60
    build = next(s for s in workflow["jobs"]["build"]["steps"] if s.get("name") == "Build")
    assert "--today" not in build["run"]  # the build date is then today in Beijing
