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
}
