//! Synthetic specs of a chosen size, for the generation benchmark and the
//! scale tests.
//!
//! Each operation is a `GET` on its own path with a path parameter, two
//! query parameters, a documented example and the shared error responses.
//! Each has its own model with eight fields of different types, so the spec
//! grows the way the DWS API does, one resource after another.

/// Returns an OpenAPI 3.0.3 document in YAML with `operations` operations.
pub fn spec_with_operations(operations: usize) -> String {
    let mut text = String::from(HEADER);
    text.push_str("paths:\n");
    for index in 0..operations {
        write_path(&mut text, index);
    }
    text.push_str(COMPONENTS_HEAD);
    for index in 0..operations {
        write_schemas(&mut text, index);
    }
    text
}

const HEADER: &str = "openapi: 3.0.3
info:
  title: Synthetic API
  version: '1.0'
";

const COMPONENTS_HEAD: &str = "components:
  responses:
    Error:
      description: An error.
      content:
        application/json:
          schema:
            $ref: '#/components/schemas/ErrorBody'
  schemas:
    ErrorBody:
      type: object
      required: [error_code, error_msg]
      properties:
        error_code:
          type: string
        error_msg:
          type: string
";

fn write_path(text: &mut String, index: usize) {
    text.push_str(&format!(
        "  /v1/{{project_id}}/resources-{index}:
    get:
      operationId: ListResources{index}
      summary: List resources of kind {index}
      parameters:
        - name: project_id
          in: path
          required: true
          schema:
            type: string
        - name: limit
          in: query
          schema:
            type: integer
            format: int32
            minimum: 1
        - name: marker
          in: query
          schema:
            type: string
      responses:
        '200':
          description: The resources.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/ResourceList{index}'
              example:
                count: 1
                resources:
                  - id: 9956ee8a-2f5b-4d76-8c18-4115e2393433
                    name: resource-{index}
                    size_gb: 12
                    ratio: 0.5
                    enabled: true
                    tags: [a, b]
                    created: '2022-10-26T12:04:10Z'
                    note: null
        '400':
          $ref: '#/components/responses/Error'
        '404':
          $ref: '#/components/responses/Error'
        '500':
          $ref: '#/components/responses/Error'
"
    ));
}

fn write_schemas(text: &mut String, index: usize) {
    text.push_str(&format!(
        "    ResourceList{index}:
      type: object
      properties:
        count:
          type: integer
          format: int64
        resources:
          type: array
          items:
            $ref: '#/components/schemas/Resource{index}'
    Resource{index}:
      type: object
      description: One resource of kind {index}.
      required: [id]
      properties:
        id:
          type: string
        name:
          type: string
          nullable: true
        size_gb:
          type: integer
          format: int64
          nullable: true
        ratio:
          type: number
          nullable: true
        enabled:
          type: boolean
          nullable: true
        tags:
          type: array
          nullable: true
          items:
            type: string
        created:
          type: string
          format: date-time
          nullable: true
        note:
          type: string
          nullable: true
"
    ));
}
