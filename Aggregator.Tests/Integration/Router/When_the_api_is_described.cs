using System.Net;
using Aggregator.Tests.Infrastructure;

namespace Aggregator.Tests.Integration.Router;

[Category("Integration")]
public class When_the_api_is_described
{
    [Test]
    public async Task Should_publish_an_openapi_document_with_examples_and_a_reference_page()
    {
        using var router = new RouterHost();
        using var client = router.CreateClient();

        var document = await (await client.GetAsync("/openapi/v1.json")).JsonAsync();
        var submit = document.GetProperty("paths").GetProperty("/api/v1/messages").GetProperty("post");
        var reference = await client.GetAsync("/scalar/");

        Assert.Multiple(() =>
        {
            Assert.That(submit.GetProperty("responses").EnumerateObject().Select(r => r.Name),
                Is.SupersetOf(new[] { "202", "400", "401", "409", "413", "415", "422", "429", "503" }));
            Assert.That(submit.GetProperty("responses").EnumerateObject().Select(r => r.Name), Does.Contain("403"));
            Assert.That(document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey").GetProperty("name").GetString(),
                Is.EqualTo("X-Api-Key"));
            Assert.That(submit.GetProperty("security")[0].EnumerateObject().Select(r => r.Name), Is.EqualTo(new[] { "ApiKey" }));
            Assert.That(submit.GetProperty("description").GetString(), Does.Contain("role: submit"));
            Assert.That(submit.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("example")
                .GetProperty("channel").GetString(), Is.EqualTo("email"));
            Assert.That(submit.GetProperty("responses").GetProperty("202").GetProperty("content").GetProperty("application/json")
                .GetProperty("example").GetProperty("status").GetString(), Is.EqualTo("accepted"));
            Assert.That(reference.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [Test]
    public async Task Should_describe_the_batch_and_the_scheduling_fields()
    {
        using var router = new RouterHost();
        using var client = router.CreateClient();

        var document = await (await client.GetAsync("/openapi/v1.json")).JsonAsync();
        var batch = document.GetProperty("paths").GetProperty("/api/v1/messages/batch").GetProperty("post");
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var message = schemas.GetProperty("SubmitMessageRequest").GetProperty("properties");
        var item = schemas.GetProperty("BatchMessageRequest").GetProperty("properties");

        Assert.Multiple(() =>
        {
            Assert.That(batch.GetProperty("responses").EnumerateObject().Select(r => r.Name),
                Is.SupersetOf(new[] { "200", "400", "401", "403", "413", "415", "429" }));
            Assert.That(batch.GetProperty("description").GetString(), Does.Contain("idempotencyKey").And.Contain("role: submit"));
            Assert.That(batch.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("example")
                .GetProperty("messages")[0].GetProperty("priority").GetString(), Is.EqualTo("high"));
            Assert.That(batch.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json")
                .GetProperty("example").GetProperty("items")[2].GetProperty("status").GetInt32(), Is.EqualTo(409));
            Assert.That(message.GetProperty("sendAt").GetProperty("format").GetString(), Is.EqualTo("date-time"));
            Assert.That(message.GetProperty("sendAt").GetProperty("description").GetString(), Does.Contain("30 days"));
            Assert.That(message.GetProperty("priority").GetProperty("description").GetString(), Does.Contain("high"));
            Assert.That(item.EnumerateObject().Select(p => p.Name), Is.SupersetOf(new[] { "channel", "body", "sendAt", "idempotencyKey" }));
        });
    }
}
