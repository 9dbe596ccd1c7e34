import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/app-config.js';
import { startServer } from './app.factory.js';

try {
  await startServer(loadConfig());
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
