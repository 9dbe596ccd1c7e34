import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';

/** The floor Hearth's throughput is compared with: Nest on Fastify answering one JSON route, nothing else. */
@Controller()
class HelloController {
  @Get('hello')
  hello() {
    return { hello: 'world' };
  }
}

@Module({ controllers: [HelloController] })
class HelloModule {}

const app = await NestFactory.create<NestFastifyApplication>(
  HelloModule,
  new FastifyAdapter({ logger: false }),
  {
    logger: ['error'],
  },
);
await app.listen({ port: Number(process.env.PORT ?? 3001), host: '127.0.0.1' });
