/** `sidecar-ai models list|pull`: the catalog's models and their provisioning. */
import { Command } from 'commander';
import { listCommand } from './list.js';
import { pullCommand } from './pull.js';

export function modelsCommand(): Command {
  return new Command('models').description('List and provision the models of the catalog (ticket_tagger, ticket_summarizer).').addCommand(listCommand()).addCommand(pullCommand());
}
