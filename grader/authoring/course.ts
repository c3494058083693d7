/**
 * A course: the folders an instructor works in. The project itself is one (assignments/, solutions/,
 * starter/, fixtures/submissions/); the worked example of docs/authoring.md is another (examples/…), so the
 * instructor tools (starter, new, validate, audit, release) take a course root, never a fixed path.
 * A course's `assignments/index.ts` exports `assignments`, its definitions in order.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AssignmentDefinition } from '../definition/types.ts';
import { projectRoot } from '../paths.ts';
import { UsageError } from '../cli/usage-error.ts';

export interface Course {
  root: string;
  assignmentsDir: string;
  solutionsDir: string;
  starterDir: string;
  /** One folder per example submission (correct or a mistake), each with an expected.json. */
  submissionsDir: string;
  assignments: readonly AssignmentDefinition[];
}

export function coursePaths(root: string): Omit<Course, 'assignments'> {
  const at = resolve(root);
  return {
    root: at,
    assignmentsDir: join(at, 'assignments'),
    solutionsDir: join(at, 'solutions'),
    starterDir: join(at, 'starter'),
    submissionsDir: join(at, 'fixtures', 'submissions'),
  };
}

/** The course at `root` (default: this project), its assignments loaded from its assignments/index.ts. */
export async function loadCourse(root: string = projectRoot): Promise<Course> {
  const paths = coursePaths(root);
  const index = join(paths.assignmentsDir, 'index.ts');
  if (!existsSync(index)) throw new UsageError(`${paths.root} is not a course: it has no assignments/index.ts`);
  const module = (await import(pathToFileURL(index).href)) as { assignments?: readonly AssignmentDefinition[] };
  if (!Array.isArray(module.assignments)) throw new UsageError(`${index} does not export "assignments"`);
  return { ...paths, assignments: module.assignments };
}

/** The chosen assignments of a course by id (all when none is named), or a usage error naming the known ones. */
export function chooseAssignments(course: Course, ids: readonly string[]): AssignmentDefinition[] {
  if (ids.length === 0) return [...course.assignments];
  return ids.map((id) => {
    const found = course.assignments.find((assignment) => assignment.id === id);
    if (!found) throw new UsageError(`unknown assignment "${id}" in ${course.root}: the assignments are ${course.assignments.map((assignment) => assignment.id).join(', ')}`);
    return found;
  });
}
