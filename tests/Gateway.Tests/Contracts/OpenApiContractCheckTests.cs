using Gateway.Tests.Support;
using Xunit;

namespace Gateway.Tests.Contracts;

/// <summary>
/// The contract check the component tests hold every answer to (<see cref="OpenApiContract"/>) fails where an answer departs from
/// the document: a value of the wrong type, a required property missing, a status or content type the document does not list.
/// </summary>
public class OpenApiContractCheck
{
    // A small document in the shape the gateway's has: a component referenced from a response and from another component.
    const string Document = """
        {
          "openapi": "3.1.1",
          "info": { "title": "t", "version": "1" },
          "paths": {
            "/api/things/{thingNo}": {
              "get": {
                "responses": {
                  "200": { "description": "OK", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Thing" } } } },
                  "404": { "description": "Not Found", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } }
                }
              }
            },
            "/api/things/keys": {
              "get": { "responses": { "200": { "description": "OK", "content": { "text/plain": { "schema": { "type": "string" } } } } } }
            }
          },
          "components": {
            "schemas": {
              "Thing": {
                "type": "object",
                "required": ["thingNo", "name"],
                "properties": {
                  "thingNo": { "type": "string" },
                  "name": { "type": "string" },
                  "count": { "type": "integer" },
                  "madeAt": { "type": "string", "format": "date-time" },
                  "parts": { "type": "array", "items": { "$ref": "#/components/schemas/Part" } }
                }
              },
              "Part": { "type": "object", "required": ["code"], "properties": { "code": { "type": "string" }, "weight": { "type": ["null", "number"] } } },
              "Problem": { "type": "object", "properties": { "title": { "type": ["null", "string"] }, "status": { "type": ["null", "integer"] } } }
            }
          }
        }
        """;

    static readonly OpenApiContract Contract = new(Document);

    static IReadOnlyList<string> Check(string body, int status = 200, string path = "/api/things/T-1", string contentType = "application/json; charset=utf-8") =>
        Contract.Problems("GET", path, status, contentType, body);

    [Fact]
    public void Should_find_nothing_wrong_with_an_answer_as_documented()
    {
        Assert.Empty(Check("""{"thingNo":"T-1","name":"a","count":3,"madeAt":"2026-11-23T02:00:00Z","parts":[{"code":"p","weight":null}],"extra":true}"""));
        Assert.Empty(Check("""{"title":"Unknown thing","status":404,"traceId":"00-1"}""", 404, contentType: "application/problem+json"));
    }

    [Fact]
    public void Should_report_a_number_where_the_document_says_string()
    {
        var problem = Assert.Single(Check("""{"thingNo":42,"name":"a"}"""));
        Assert.Contains("'/thingNo'", problem);
        Assert.Contains("GET /api/things/{thingNo} answered 200", problem);
    }

    [Fact]
    public void Should_report_a_missing_required_property()
    {
        var problem = Assert.Single(Check("""{"thingNo":"T-1"}"""));
        Assert.Contains("name", problem);
    }

    [Fact]
    public void Should_report_a_wrong_value_inside_a_referenced_component()
    {
        var problem = Assert.Single(Check("""{"thingNo":"T-1","name":"a","parts":[{"code":"p"},{"weight":1.5}]}"""));
        Assert.Contains("'/parts/1'", problem);
        Assert.Contains("code", problem);
    }

    [Fact]
    public void Should_report_a_date_time_that_is_not_one()
    {
        var problem = Assert.Single(Check("""{"thingNo":"T-1","name":"a","madeAt":"23/11/2026"}"""));
        Assert.Contains("'/madeAt'", problem);
    }

    [Fact]
    public void Should_report_a_status_the_document_does_not_list()
    {
        var problem = Assert.Single(Check("""{"title":"Conflict","status":409}""", 409, contentType: "application/problem+json"));
        Assert.Contains("409, which the document does not list", problem);
        Assert.Contains("200, 404", problem);
    }

    [Fact]
    public void Should_report_a_content_type_the_document_does_not_list()
    {
        var problem = Assert.Single(Check("""{"thingNo":"T-1","name":"a"}""", contentType: "text/html"));
        Assert.Contains("'text/html'", problem);
    }

    [Fact]
    public void Should_report_a_body_that_is_not_json()
    {
        var problem = Assert.Single(Check("<html/>"));
        Assert.Contains("not JSON", problem);
    }

    [Fact]
    public void Should_match_a_literal_segment_before_a_parameter_and_report_a_path_of_no_operation()
    {
        Assert.Equal("/api/things/keys", Contract.Find("GET", "/api/things/keys?x=1")!.Value.Template);
        Assert.Empty(Check("a key", path: "/api/things/keys", contentType: "text/plain"));
        Assert.Contains("no operation", Assert.Single(Check("{}", path: "/api/others/1")));
        Assert.Contains("no operation", Assert.Single(Contract.Problems("POST", "/api/things/T-1", 200, "application/json", "{}")));
    }
}
