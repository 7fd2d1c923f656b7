//! Every spec change a reviewer must see shows up in the semantic summary
//! that `--check` prints. Each mutation is applied to a copy of the real
//! spec, and the output of the unmutated copy is checked against the
//! mutated spec. The check must fail, with a summary line naming the change.
//!
//! Added names start with `mutation_probe` so that they never collide with a
//! real change to the spec. The edits find their place by matching spec
//! text. When a spec change moves such an anchor, the failure names the
//! mutation, and the anchor here needs the same change.

use std::path::Path;

use dws_codegen::{CheckOutcome, GeneratedCode, generate, output, semantic_diff};

/// One spec edit: text replacements applied to the real spec, and the lines
/// the summary must contain.
struct Mutation {
    /// What the edit does.
    name: &'static str,
    /// Replacements applied before the edit as well, to set up a spec
    /// feature the real spec lacks (an enum, say).
    setup: &'static [(&'static str, &'static str)],
    /// Replacements that make the change under test.
    edit: &'static [(&'static str, &'static str)],
    /// Lines the semantic summary must contain.
    expected: &'static [&'static str],
}

const NAME_PROPERTY: &str = "        name:
          type: string
          nullable: true
          description: Name of the DR relationship.
";

const DR_TYPE_PARAMETER: &str = "        - name: id
          in: query
          required: false
          description: Only return the DR relationship with this ID.
          schema:
            type: string
        - name: dr_type
          in: query
          required: false
          description: Only return DR relationships of this scope.
          schema:
            type: string
            enum: [az, region]
";

const MUTATIONS: &[Mutation] = &[
    Mutation {
        name: "add a field",
        setup: &[],
        edit: &[(
            "        create_time:\n",
            "        mutation_probe_field:\n          type: string\n          nullable: true\n          description: Field added by the mutation test.\n        create_time:\n",
        )],
        expected: &["+ field DisasterRecovery.mutation_probe_field: Option<String>"],
    },
    Mutation {
        name: "remove a field",
        setup: &[],
        edit: &[(NAME_PROPERTY, "")],
        expected: &["- field DisasterRecovery.name: Option<String>"],
    },
    Mutation {
        name: "rename a field",
        setup: &[],
        edit: &[(
            NAME_PROPERTY,
            "        mutation_probe_name:\n          type: string\n          nullable: true\n          description: Name of the DR relationship.\n",
        )],
        expected: &[
            "- field DisasterRecovery.name: Option<String>",
            "+ field DisasterRecovery.mutation_probe_name: Option<String>",
        ],
    },
    Mutation {
        name: "change a field's type",
        setup: &[],
        edit: &[(
            "        request_id:\n          type: string\n",
            "        request_id:\n          type: integer\n          format: int64\n",
        )],
        expected: &["~ field ErrorBody.request_id: Option<String> -> Option<i64>"],
    },
    Mutation {
        name: "make a field required",
        setup: &[],
        edit: &[(
            "        - error_msg\n",
            "        - error_msg\n        - request_id\n",
        )],
        expected: &["~ field ErrorBody.request_id: Option<String> -> String"],
    },
    Mutation {
        name: "change a field's doc",
        setup: &[],
        edit: &[(
            "Name of the DR relationship.",
            "Name of the DR relationship, unique in the project.",
        )],
        expected: &["~ field DisasterRecovery.name: doc comment changed"],
    },
    Mutation {
        name: "add an enum value",
        setup: &[(
            "        - name: id\n          in: query\n          required: false\n          description: Only return the DR relationship with this ID.\n          schema:\n            type: string\n",
            DR_TYPE_PARAMETER,
        )],
        edit: &[("enum: [az, region]", "enum: [az, region, cross_cloud]")],
        expected: &["+ enum value ListDisasterRecoverDrType::CrossCloud (\"cross_cloud\")"],
    },
    Mutation {
        name: "remove an enum value",
        setup: &[(
            "        - name: id\n          in: query\n          required: false\n          description: Only return the DR relationship with this ID.\n          schema:\n            type: string\n",
            DR_TYPE_PARAMETER,
        )],
        edit: &[("enum: [az, region]", "enum: [az]")],
        expected: &["- enum value ListDisasterRecoverDrType::Region (\"region\")"],
    },
    Mutation {
        name: "add an open enum value",
        setup: &[],
        edit: &[(
            "        - drDeleted\n",
            "        - drDeleted\n        - mutation_probe_value\n",
        )],
        expected: &["+ enum value DrClusterStatus::MutationProbeValue"],
    },
    Mutation {
        name: "add a query parameter",
        setup: &[],
        edit: &[(
            "      responses:\n        \"200\":",
            "        - name: mutation_probe_filter\n          in: query\n          required: false\n          schema:\n            type: integer\n            format: int32\n      responses:\n        \"200\":",
        )],
        expected: &["+ parameter list_disaster_recover.mutation_probe_filter: Option<i32>"],
    },
    Mutation {
        name: "remove a query parameter",
        setup: &[],
        edit: &[(
            "        - name: standby_cluster_id\n          in: query\n          required: false\n          description: Only return DR relationships whose standby cluster has this ID.\n          schema:\n            type: string\n",
            "",
        )],
        expected: &["- parameter list_disaster_recover.standby_cluster_id: Option<String>"],
    },
    Mutation {
        name: "add a status code",
        setup: &[],
        edit: &[(
            "        \"503\":\n          $ref: \"#/components/responses/ServiceUnavailable\"\n",
            "        \"503\":\n          $ref: \"#/components/responses/ServiceUnavailable\"\n        \"429\":\n          $ref: \"#/components/responses/ServiceUnavailable\"\n",
        )],
        expected: &["+ status list_disaster_recover 429"],
    },
    Mutation {
        name: "remove a status code",
        setup: &[],
        edit: &[(
            "        \"503\":\n          $ref: \"#/components/responses/ServiceUnavailable\"\n",
            "",
        )],
        expected: &["- status list_disaster_recover 503"],
    },
    Mutation {
        name: "add an operation",
        setup: &[],
        edit: &[(
            "components:\n",
            "  /v2/{project_id}/mutation-probe/{id}:\n    delete:\n      operationId: DeleteMutationProbe\n      parameters:\n        - name: project_id\n          in: path\n          required: true\n          schema:\n            type: string\n        - name: id\n          in: path\n          required: true\n          schema:\n            type: string\n      responses:\n        \"204\":\n          description: Deleted.\ncomponents:\n",
        )],
        expected: &[
            "+ operation delete_mutation_probe: DELETE /v2/{project_id}/mutation-probe/{id} -> ()",
            "+ parameter delete_mutation_probe.id: String",
        ],
    },
    Mutation {
        name: "change an operation's path",
        setup: &[],
        edit: &[(
            "  /v2/{project_id}/disaster-recoveries:\n",
            "  /v3/{project_id}/disaster-recoveries:\n",
        )],
        expected: &[
            "~ operation list_disaster_recover: GET /v2/{project_id}/disaster-recoveries -> GET /v3/{project_id}/disaster-recoveries",
        ],
    },
];

fn apply(text: &str, replacements: &[(&str, &str)], mutation: &str) -> String {
    let mut text = text.to_owned();
    for (from, to) in replacements {
        assert!(
            text.contains(from),
            "{mutation}: `{from}` is not in the spec"
        );
        text = text.replacen(from, to, 1);
    }
    text
}

fn generate_text(folder: &Path, name: &str, text: &str) -> GeneratedCode {
    let path = folder.join(name);
    std::fs::write(&path, text).expect("spec is written");
    generate(&path).unwrap_or_else(|error| panic!("{name} does not generate: {error}"))
}

#[test]
fn every_mutation_named_by_summary() {
    let real = std::fs::read_to_string(dws_codegen::default_spec_path()).expect("spec is readable");

    for mutation in MUTATIONS {
        let folder = tempfile::tempdir().expect("temporary folder");
        let base_text = apply(&real, mutation.setup, mutation.name);
        let mutated_text = apply(&base_text, mutation.edit, mutation.name);
        let base = generate_text(folder.path(), "base.yaml", &base_text);
        let committed = folder.path().join("generated.rs");
        std::fs::write(&committed, &base.source).expect("output is written");

        let mutated = generate_text(folder.path(), "mutated.yaml", &mutated_text);
        let outcome = output::check(&mutated, &committed).expect("output is readable");

        assert!(
            matches!(outcome, CheckOutcome::Stale { .. }),
            "{}: --check passes although the spec changed",
            mutation.name
        );
        let summary =
            semantic_diff::compare(&base.source, &mutated.source).expect("both sources parse");
        let summary_text = summary.to_string();
        for expected in mutation.expected {
            assert!(
                summary
                    .changes
                    .iter()
                    .any(|change| change.to_string() == *expected),
                "{}: the summary does not contain `{expected}`:\n{summary_text}",
                mutation.name
            );
        }
    }
}

#[test]
fn mutation_summaries_snapshot() {
    let real = std::fs::read_to_string(dws_codegen::default_spec_path()).expect("spec is readable");
    let folder = tempfile::tempdir().expect("temporary folder");
    let mut report = String::new();

    for mutation in MUTATIONS {
        let base = generate_text(
            folder.path(),
            "base.yaml",
            &apply(&real, mutation.setup, mutation.name),
        );
        let mutated_text = apply(
            &apply(&real, mutation.setup, mutation.name),
            mutation.edit,
            mutation.name,
        );
        let mutated = generate_text(folder.path(), "mutated.yaml", &mutated_text);
        let summary =
            semantic_diff::compare(&base.source, &mutated.source).expect("both sources parse");
        report.push_str(&format!("## {}\n{summary}\n\n", mutation.name));
    }

    insta::assert_snapshot!(report);
}
