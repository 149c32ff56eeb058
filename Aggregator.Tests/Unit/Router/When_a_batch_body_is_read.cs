using System.Text;
using Aggregator.Router.Messages;

namespace Aggregator.Tests.Unit.Router;

public class When_a_batch_body_is_read
{
    private static BatchReading Read(string json) => BatchReader.Parse(Encoding.UTF8.GetBytes(json));

    private static string Message(int n) => $$"""{"channel":"sms","recipient":"+14155552671","body":"code {{n}}"}""";

    private static string Batch(int count) => $$"""{"messages":[{{string.Join(",", Enumerable.Range(0, count).Select(Message))}}]}""";

    [TestCase("""{"messages":[]}""")]
    [TestCase("""{}""")]
    [TestCase("""{"messages":null}""")]
    [TestCase("""{"messages":{"channel":"sms"}}""")]
    [TestCase("""{"messages":"all of them"}""")]
    public void Should_refuse_a_batch_without_a_list_of_messages(string json) =>
        Assert.That(Read(json).Errors, Does.ContainKey("messages"));

    [Test]
    public void Should_take_500_messages_and_refuse_501()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Read(Batch(500)).Items, Has.Count.EqualTo(500));
            Assert.That(Read(Batch(501)).Errors, Does.ContainKey("messages"));
        });
    }

    [TestCase("""[{"channel":"sms"}]""")]
    [TestCase("""{"messages":[1,2]""")]
    [TestCase("""{"messages":[],"messages":[]}""")]
    public void Should_refuse_a_body_that_is_not_one_json_object(string json) =>
        Assert.That(Read(json).Errors, Does.ContainKey("body"));

    [Test]
    public void Should_answer_each_item_on_its_own()
    {
        var items = Read($$"""{"messages":[{{Message(0)}},42,{"channel":7},{"channel":"sms","idempotencyKey":"é"},{"channel":"sms","idempotencyKey":"k-1"}]}""").Items!;
        Assert.Multiple(() =>
        {
            Assert.That(items[0].Message.Request, Is.Not.Null);
            Assert.That(items[1].Message.Errors, Does.ContainKey("message"));
            Assert.That(items[2].Message.Errors, Does.ContainKey("channel"));
            Assert.That(items[3].Message.Errors, Does.ContainKey("idempotencyKey"));
            Assert.That(items[3].IdempotencyKey, Is.Null);
            Assert.That(items[4].IdempotencyKey, Is.EqualTo("k-1"));
        });
    }

    [Test]
    public void Should_let_an_item_nest_its_metadata_as_deep_as_a_single_request()
    {
        static string Nested(int depth) => string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
        var deepest = Enumerable.Range(1, 40).Last(depth => SubmitMessageJson.Parse(Encoding.UTF8.GetBytes($$"""{"metadata":{{Nested(depth)}}}""")).Errors is null);
        Assert.Multiple(() =>
        {
            Assert.That(deepest, Is.GreaterThan(10));
            Assert.That(Read($$"""{"messages":[{"metadata":{{Nested(deepest)}}}]}""").Items, Has.Count.EqualTo(1));
            Assert.That(Read($$"""{"messages":[{"metadata":{{Nested(deepest + 1)}}}]}""").Errors, Does.ContainKey("body"));
        });
    }
}
