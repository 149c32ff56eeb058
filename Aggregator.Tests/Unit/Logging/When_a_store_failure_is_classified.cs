using System.Net.Sockets;
using Aggregator.Logging.Storage.Postgres;
using Npgsql;

namespace Aggregator.Tests.Unit.Logging;

public class When_a_store_failure_is_classified
{
    [TestCase("22003", false, TestName = "numeric value out of range is a refusal")]
    [TestCase("22P05", false, TestName = "untranslatable character is a refusal")]
    [TestCase("22021", false, TestName = "invalid byte sequence is a refusal")]
    [TestCase("23505", false, TestName = "unique violation is a refusal")]
    [TestCase("54000", false, TestName = "program limit exceeded is a refusal")]
    [TestCase("57P01", true, TestName = "admin shutdown is unavailability")]
    [TestCase("57P03", true, TestName = "cannot connect now is unavailability")]
    [TestCase("53300", true, TestName = "too many connections is unavailability")]
    [TestCase("08006", true, TestName = "connection failure is unavailability")]
    [TestCase("3D000", true, TestName = "a missing database is unavailability")]
    public void Should_tell_a_refusal_from_unavailability_by_sql_state(string sqlState, bool unavailable) =>
        Assert.That(PostgresFailures.IsUnavailable(new PostgresException("failed", "ERROR", "ERROR", sqlState)), Is.EqualTo(unavailable));

    [Test]
    public void Should_call_connection_trouble_unavailability() => Assert.Multiple(() =>
    {
        Assert.That(PostgresFailures.IsUnavailable(new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused))), Is.True);
        Assert.That(PostgresFailures.IsUnavailable(new NpgsqlException("The connection pool has been exhausted", new TimeoutException())), Is.True);
        Assert.That(PostgresFailures.IsUnavailable(new NpgsqlException("Exception while reading from stream", new IOException("reset"))), Is.True);
    });

    [Test]
    public void Should_call_an_unforeseen_error_a_refusal() =>
        Assert.That(PostgresFailures.IsUnavailable(new InvalidCastException("Writing values of 'X' is not supported")), Is.False);
}
