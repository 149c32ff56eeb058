namespace Aggregator.Delivery.Persistence;

/// <summary>
/// What must wait for the saga's transaction to commit, per message scope: a log line about a state change is only
/// true once the change is committed (a repeated submission's first try, for one, runs the initial transition on a new
/// instance that then meets the existing row and rolls back). Outside our repository's transaction (MassTransit's
/// in-memory repository in the fast specs) the action runs at once.
/// </summary>
public sealed class SagaCommitHooks
{
    private readonly List<Action> afterCommit = [];

    public bool InTransaction { get; private set; }

    public void Begin()
    {
        afterCommit.Clear();
        InTransaction = true;
    }

    public void AfterCommit(Action action)
    {
        if (InTransaction)
        {
            afterCommit.Add(action);
        }
        else
        {
            action();
        }
    }

    public void Committed()
    {
        InTransaction = false;
        foreach (var action in afterCommit)
        {
            action();
        }
        afterCommit.Clear();
    }

    public void RolledBack()
    {
        InTransaction = false;
        afterCommit.Clear();
    }
}
