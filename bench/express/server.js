// express-session + connect-mongo, configured as their documentation
// recommends (resave: false, saveUninitialized: false), on one MongoDB.
//
//   SCENARIO=anon|read|write|floor PORT=... MONGO_URL=... node server.js
//
// GET / is the measured request, POST /_login makes the session (or the
// floor's document) and sets its cookie, GET /_stats reports the commands
// sent by the driver (command monitoring) and the measured requests served.
'use strict';

const crypto = require('node:crypto');
const express = require('express');
const session = require('express-session');
const { MongoStore } = require('connect-mongo');
const { MongoClient } = require('mongodb');

const HOUSEKEEPING = new Set([
  'hello', 'ismaster', 'isMaster', 'ping', 'endSessions', 'saslStart', 'saslContinue',
]);

const scenario = process.env.SCENARIO;
const port = Number(process.env.PORT);
const mongoUrl = process.env.MONGO_URL;
const dbName = process.env.MONGO_DB || 'bench';

const stats = { commands: 0, names: {}, requests: 0 };

async function main() {
  const client = new MongoClient(mongoUrl, { monitorCommands: true });
  client.on('commandStarted', (event) => {
    if (HOUSEKEEPING.has(event.commandName)) return;
    stats.commands += 1;
    stats.names[event.commandName] = (stats.names[event.commandName] || 0) + 1;
  });
  await client.connect();

  const app = express();
  app.set('etag', false);
  app.set('x-powered-by', false);
  app.get('/_stats', (req, res) => res.json(stats));
  app.use((req, res, next) => {
    if (req.path === '/') stats.requests += 1;
    next();
  });

  if (scenario === 'floor') {
    const collection = client.db(dbName).collection('express_floor');
    app.post('/_login', async (req, res) => {
      const id = crypto.randomBytes(32).toString('hex');
      const now = Date.now();
      await collection.insertOne({
        _id: id,
        expires: new Date(now + 3600e3),
        session: JSON.stringify({ cookie: {}, user: 'user-1' }),
      });
      res.cookie('sid', id, { httpOnly: true });
      res.end();
    });
    app.get('/', async (req, res) => {
      const id = (req.headers.cookie || '').match(/(?:^|;\s*)sid=([^;]+)/);
      const doc = id && (await collection.findOne({ _id: id[1] }));
      if (!doc) return res.status(401).end();
      res.json({ user: JSON.parse(doc.session).user });
    });
  } else {
    app.use(
      session({
        secret: 'bench-secret-' + 'x'.repeat(40),
        resave: false,
        saveUninitialized: false,
        store: MongoStore.create({
          client,
          dbName,
          collectionName: 'express_sessions',
          // No TTL index: see bench/NOTES.md (the test server purges on every read).
          autoRemove: 'disabled',
        }),
      }),
    );
    app.post('/_login', (req, res, next) => {
      req.session.regenerate((err) => {
        if (err) return next(err);
        req.session.user = 'user-1';
        res.end();
      });
    });
    let counter = 0;
    if (scenario === 'anon') {
      app.get('/', (req, res) => res.send('ok'));
    } else if (scenario === 'read' || scenario === 'write') {
      app.get('/', (req, res) => {
        if (!req.session.user) return res.status(401).end();
        if (scenario === 'write') req.session.n = ++counter;
        res.json({ user: req.session.user });
      });
    } else {
      throw new Error(`unknown SCENARIO ${scenario}`);
    }
  }

  const server = app.listen(port, '127.0.0.1');
  const stop = () => server.close(() => client.close().then(() => process.exit(0)));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
